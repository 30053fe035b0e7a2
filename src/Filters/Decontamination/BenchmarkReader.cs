using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MidTrain.Core.Configuration;
using MidTrain.Core.Jsonl;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Filters.Decontamination;

/// <summary>
/// Reads the items of one benchmark file: JSONL or a JSON array of records (<c>.gz</c> compressed or not), Parquet
/// (flat string columns; integer id columns too) or plain text (one item per non-blank line). A benchmark that cannot be read completely is a
/// configuration error (<see cref="OptionsValidationException"/> on <c>against</c>), never silently shortened: a
/// skipped benchmark item is contamination that goes unnoticed. Not thread-safe; enumerate once.
/// </summary>
internal sealed class BenchmarkReader
{
    /// <summary>The id fields tried, in order, when none is configured.</summary>
    public static readonly string[] DefaultIdFields = ["id", "task_id", "problem_id", "question_id", "uid", "_id"];

    private readonly string _path;
    private readonly HashSet<string>? _fields;
    private readonly string? _idField;

    /// <param name="path">The file.</param>
    /// <param name="fields">The text fields, or null/empty for every string field but the id.</param>
    /// <param name="idField">The id field, or null to try <see cref="DefaultIdFields"/>.</param>
    public BenchmarkReader(string path, IReadOnlyCollection<string>? fields, string? idField)
    {
        _path = path;
        _fields = fields is { Count: > 0 } ? new HashSet<string>(fields, StringComparer.Ordinal) : null;
        _idField = idField;
    }

    /// <summary>The items of the file, in order.</summary>
    public IEnumerable<BenchmarkRecord> Read()
    {
        if (!File.Exists(_path))
        {
            throw new OptionsValidationException("against", $"{_path}: no such benchmark file");
        }

        var name = _path.ToLowerInvariant();
        if (name.EndsWith(".parquet", StringComparison.Ordinal))
        {
            return ReadParquet();
        }

        if (name.EndsWith(".txt", StringComparison.Ordinal) || name.EndsWith(".txt.gz", StringComparison.Ordinal))
        {
            return ReadText();
        }

        if (name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".json.gz", StringComparison.Ordinal))
        {
            return ReadJsonArray();
        }

        return ReadJsonl();
    }

    /// <summary>A <c>.json</c> file: one array of records (item N is the Nth element), or JSONL when it is not an array.</summary>
    private IEnumerable<BenchmarkRecord> ReadJsonArray()
    {
        using (var probe = Open())
        {
            int first;
            while ((first = probe.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
            {
            }

            if (first != '[')
            {
                return ReadJsonl();
            }
        }

        JsonDocument document;
        try
        {
            using var stream = Open();
            document = JsonDocument.Parse(stream);
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidDataException)
        {
            throw new OptionsValidationException("against", $"{_path}: not a JSON array of records: {ex.Message}");
        }

        return Elements(document);
    }

    private IEnumerable<BenchmarkRecord> Elements(JsonDocument document)
    {
        using (document)
        {
            long number = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                number++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw Error(number, $"item {number} is not a JSON object");
                }

                yield return FromJson(number, element);
            }
        }
    }

    private Stream Open()
    {
        Stream stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return _path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private IEnumerable<BenchmarkRecord> ReadText()
    {
        using var reader = new StreamReader(Open(), Encoding.UTF8);
        long number = 0;
        while (Guarded(reader.ReadLine) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return new BenchmarkRecord(number, null, [line]);
            }
        }
    }

    private IEnumerable<BenchmarkRecord> ReadJsonl()
    {
        using var reader = new JsonlLineReader(Open());
        while (Guarded(() => reader.TryRead(out var line) ? (JsonlLine?)line : null) is { } line)
        {
            if (line.Error is not null)
            {
                throw Error(line.Number, line.Error);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line.Bytes);
            }
            catch (JsonException ex)
            {
                throw Error(line.Number, $"not JSON: {ex.Message}");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Error(line.Number, $"expected a JSON object, got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
                }

                yield return FromJson(line.Number, document.RootElement);
            }
        }
    }

    private BenchmarkRecord FromJson(long number, JsonElement record)
    {
        string? idField = null;
        string? id = null;
        foreach (var candidate in _idField is null ? DefaultIdFields : [_idField])
        {
            if (record.TryGetProperty(candidate, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                idField = candidate;
                id = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                break;
            }
        }

        var texts = new List<string>();
        foreach (var property in record.EnumerateObject())
        {
            if (_fields is null ? property.Name != idField : _fields.Contains(property.Name))
            {
                CollectStrings(property.Value, texts);
            }
        }

        return new BenchmarkRecord(number, id, texts);
    }

    private static void CollectStrings(JsonElement value, List<string> texts)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                texts.Add(value.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    CollectStrings(item, texts);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    CollectStrings(property.Value, texts);
                }

                break;
        }
    }

    private IEnumerable<BenchmarkRecord> ReadParquet()
    {
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ParquetReader reader;
        try
        {
            reader = Bridge(() => ParquetReader.CreateAsync(stream, leaveStreamOpen: false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stream.Dispose();
            throw new OptionsValidationException("against", $"{_path}: not a Parquet file: {ex.Message}");
        }

        try
        {
            var flat = reader.Schema.Fields.OfType<DataField>().Where(f => !f.IsArray && f.MaxRepetitionLevel == 0).ToArray();
            var idField = (_idField is null ? DefaultIdFields : [_idField]).Select(n => flat.FirstOrDefault(f => f.Name == n)).FirstOrDefault(f => f is not null && (IsString(f.ClrType) || IsInteger(f.ClrType)));
            var textFields = flat.Where(f => IsString(f.ClrType) && (_fields is null ? f != idField : _fields.Contains(f.Name))).ToArray();
            if (_fields is not null && _fields.FirstOrDefault(n => textFields.All(f => f.Name != n)) is { } missing)
            {
                throw new OptionsValidationException("fields", $"{_path}: no flat string column '{missing}' (columns: {string.Join(", ", reader.Schema.Fields.Select(f => f.Name))})");
            }

            long row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                var ids = idField is null ? null : Bridge(() => ReadAsStringsAsync(group, idField, rows));
                var columns = textFields.Select(f => Bridge(() => ReadAsStringsAsync(group, f, rows))).ToArray();
                for (var r = 0; r < rows; r++)
                {
                    row++;
                    var texts = new List<string>(columns.Length);
                    foreach (var column in columns)
                    {
                        if (column[r] is { } text)
                        {
                            texts.Add(text);
                        }
                    }

                    yield return new BenchmarkRecord(row, ids?[r], texts);
                }
            }
        }
        finally
        {
            Bridge(async () =>
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                return true;
            });
        }
    }

    private static bool IsString(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static bool IsInteger(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong);

    private static async Task<string?[]> ReadAsStringsAsync(ParquetRowGroupReader group, DataField field, int rows)
    {
        if (IsString(field.ClrType))
        {
            var strings = new string?[rows];
            await group.ReadAsync(field, strings.AsMemory(), null).ConfigureAwait(false);
            return strings;
        }

        return field.ClrType == typeof(int) ? await IntegersAsync<int>(group, field, rows).ConfigureAwait(false)
            : field.ClrType == typeof(long) ? await IntegersAsync<long>(group, field, rows).ConfigureAwait(false)
            : field.ClrType == typeof(short) ? await IntegersAsync<short>(group, field, rows).ConfigureAwait(false)
            : field.ClrType == typeof(uint) ? await IntegersAsync<uint>(group, field, rows).ConfigureAwait(false)
            : await IntegersAsync<ulong>(group, field, rows).ConfigureAwait(false);
    }

    private static async Task<string?[]> IntegersAsync<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct, IFormattable
    {
        if (!field.IsNullable)
        {
            // A required column has no definition levels: read it into plain values (reading it into T? is not
            // reliably aligned across Parquet.Net's pooled buffers).
            var required = new T[rows];
            await group.ReadAsync<T>(field, required.AsMemory(), null).ConfigureAwait(false);
            return Array.ConvertAll(required, v => (string?)v.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
        }

        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null).ConfigureAwait(false);
        return Array.ConvertAll(values, v => v?.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
    }

    private T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new OptionsValidationException("against", $"{_path}: cannot be read: {ex.Message}");
        }
    }

    private OptionsValidationException Error(long line, string message) => new("against", $"{_path}:{line}: {message}");

    // Parquet.Net is async-only; the index is built once, synchronously, while the filter is created. Running each
    // call on the thread pool means no caller's synchronization context is involved, so it cannot deadlock.
    private T Bridge<T>(Func<Task<T>> action)
    {
        try
        {
            return Task.Run(action).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            throw new OptionsValidationException("against", $"{_path}: cannot be read: {ex.Message}");
        }
    }
}
