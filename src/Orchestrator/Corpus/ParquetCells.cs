using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MidTrain.Core.Jsonl;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// Reads whole flat columns of one Parquet row group as the values a corpus record needs: ids and texts as strings,
/// other primitive columns as JSON metadata values. Every method reads exactly <c>rows</c> cells, null cells included.
/// </summary>
internal static class ParquetCells
{
    private delegate Task CellWriter(ParquetRowGroupReader group, DataField field, int rows, Utf8JsonWriter writer, CancellationToken cancellationToken);

    private static readonly Dictionary<Type, CellWriter> MetadataWriters = new()
    {
        [typeof(ReadOnlyMemory<char>)] = WriteStringsAsync,
        [typeof(string)] = WriteStringsAsync,
        [typeof(bool)] = (g, f, n, w, c) => WriteAsync<bool>(g, f, n, w, static (w, v) => w.WriteBooleanValue(v), c),
        [typeof(sbyte)] = (g, f, n, w, c) => WriteAsync<sbyte>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(byte)] = (g, f, n, w, c) => WriteAsync<byte>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(short)] = (g, f, n, w, c) => WriteAsync<short>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(ushort)] = (g, f, n, w, c) => WriteAsync<ushort>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(int)] = (g, f, n, w, c) => WriteAsync<int>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(uint)] = (g, f, n, w, c) => WriteAsync<uint>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(long)] = (g, f, n, w, c) => WriteAsync<long>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(ulong)] = (g, f, n, w, c) => WriteAsync<ulong>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(float)] = (g, f, n, w, c) => WriteAsync<float>(g, f, n, w, static (w, v) => WriteFloat(w, v), c),
        [typeof(double)] = (g, f, n, w, c) => WriteAsync<double>(g, f, n, w, static (w, v) => WriteFloat(w, v), c),
        [typeof(decimal)] = (g, f, n, w, c) => WriteAsync<decimal>(g, f, n, w, static (w, v) => w.WriteNumberValue(v), c),
        [typeof(DateTime)] = (g, f, n, w, c) => WriteAsync<DateTime>(g, f, n, w, static (w, v) => w.WriteStringValue(v), c),
        [typeof(DateOnly)] = (g, f, n, w, c) => WriteAsync<DateOnly>(g, f, n, w, static (w, v) => w.WriteStringValue(v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), c),
        [typeof(TimeOnly)] = (g, f, n, w, c) => WriteAsync<TimeOnly>(g, f, n, w, static (w, v) => w.WriteStringValue(v.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)), c),
        [typeof(TimeSpan)] = (g, f, n, w, c) => WriteAsync<TimeSpan>(g, f, n, w, static (w, v) => w.WriteStringValue(v.ToString("c", CultureInfo.InvariantCulture)), c),
        [typeof(Guid)] = (g, f, n, w, c) => WriteAsync<Guid>(g, f, n, w, static (w, v) => w.WriteStringValue(v), c),
    };

    private static readonly Dictionary<Type, Func<ParquetRowGroupReader, DataField, int, CancellationToken, Task<string?[]>>> IntegerReaders = new()
    {
        [typeof(sbyte)] = IntegersAsync<sbyte>,
        [typeof(byte)] = IntegersAsync<byte>,
        [typeof(short)] = IntegersAsync<short>,
        [typeof(ushort)] = IntegersAsync<ushort>,
        [typeof(int)] = IntegersAsync<int>,
        [typeof(uint)] = IntegersAsync<uint>,
        [typeof(long)] = IntegersAsync<long>,
        [typeof(ulong)] = IntegersAsync<ulong>,
    };

    /// <summary>Whether a flat column of <paramref name="clrType"/> can be kept as a metadata value.</summary>
    public static bool IsMetadataType(Type clrType) => MetadataWriters.ContainsKey(clrType);

    /// <summary>Whether a column of <paramref name="clrType"/> can hold text (UTF-8 strings, or binary that must be UTF-8).</summary>
    public static bool IsTextType(Type clrType) => clrType == typeof(ReadOnlyMemory<char>) || clrType == typeof(string) || clrType == typeof(ReadOnlyMemory<byte>) || clrType == typeof(byte[]);

    /// <summary>Whether a column of <paramref name="clrType"/> can hold ids (text or an integer).</summary>
    public static bool IsIdType(Type clrType) => IsTextType(clrType) || IntegerReaders.ContainsKey(clrType);

    /// <summary>
    /// Reads a text or id column as strings (null for a null cell); integers use invariant digits like JSONL number ids.
    /// A binary cell that is not valid UTF-8 is null in the values and has its reason in the errors.
    /// </summary>
    public static async Task<(string?[] Values, string?[]? Errors)> ReadStringsAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>) || type == typeof(string))
        {
            var strings = new string?[rows];
            await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return (strings, null);
        }

        if (type == typeof(ReadOnlyMemory<byte>) || type == typeof(byte[]))
        {
            var bytes = new byte[]?[rows];
            await group.ReadAsync(field, bytes.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            var values = new string?[rows];
            string?[]? errors = null;
            for (var i = 0; i < rows; i++)
            {
                if (bytes[i] is not { } cell)
                {
                    continue;
                }

                if (System.Text.Unicode.Utf8.IsValid(cell))
                {
                    values[i] = Encoding.UTF8.GetString(cell);
                }
                else
                {
                    errors ??= new string?[rows];
                    errors[i] = "invalid UTF-8";
                }
            }

            return (values, errors);
        }

        return IntegerReaders.TryGetValue(type, out var read)
            ? (await read(group, field, rows, cancellationToken).ConfigureAwait(false), null)
            : throw new NotSupportedException($"column '{field.Name}' of type {type.Name} cannot hold ids or text");
    }

    /// <summary>Reads a metadata column (see <see cref="IsMetadataType"/>) as one JSON value per row; a null cell is JSON null.</summary>
    public static async Task<JsonElement[]> ReadJsonAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            writer.WriteStartArray();
            await MetadataWriters[field.ClrType](group, field, rows, writer, cancellationToken).ConfigureAwait(false);
            writer.WriteEndArray();
        }

        // One parse per column and row group; each cell is cloned so a record does not keep the column alive.
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var cells = new JsonElement[rows];
        var index = 0;
        foreach (var cell in document.RootElement.EnumerateArray())
        {
            cells[index++] = cell.Clone();
        }

        return cells;
    }

    private static async Task<string?[]> IntegersAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct, IFormattable
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        return Array.ConvertAll(values, v => v?.ToString(null, CultureInfo.InvariantCulture));
    }

    private static async Task WriteStringsAsync(ParquetRowGroupReader group, DataField field, int rows, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }
    }

    private static async Task WriteAsync<T>(ParquetRowGroupReader group, DataField field, int rows, Utf8JsonWriter writer, Action<Utf8JsonWriter, T> write, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        foreach (var value in values)
        {
            if (value is { } v)
            {
                write(writer, v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    // JSON has no NaN or infinities: they are kept as the strings "NaN", "Infinity", "-Infinity".
    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
