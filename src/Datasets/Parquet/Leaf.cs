using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// One leaf column of a row group being built, in Parquet's own shredded form: the non-null values, and a
/// definition level (how much of the path to the value is present) and a repetition level (at which list a new
/// element starts) per entry (Dremel encoding, as the Parquet format defines it). Not thread-safe.
/// </summary>
internal abstract class Leaf(string name) : PropertyTarget(name)
{
    /// <summary>The schema field; attached to the schema once the schema is built.</summary>
    public abstract DataField Field { get; }

    /// <summary>Approximate bytes held (for row group sizing and the footer estimate).</summary>
    public abstract long MaxValueBytes { get; }

    /// <summary>Appends <paramref name="value"/> (this leaf's property), or a null at <paramref name="nullDefinition"/> when it is null.</summary>
    public abstract void AddValue(JsonElement value, int repetition, int nullDefinition);

    /// <summary>Appends an entry with no value (a missing parent, an empty list) at <paramref name="definition"/>.</summary>
    public abstract void AddEmpty(int definition, int repetition);

    public abstract Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken);

    public abstract void Clear();
}

/// <summary>A leaf of values of type <typeparamref name="T"/> (strings are <see cref="ReadOnlyMemory{T}"/> of char, as Parquet.Net writes them).</summary>
internal sealed class Leaf<T> : Leaf
    where T : struct
{
    private readonly Func<JsonElement, T?> _read;
    private readonly Func<T, long> _size;
    private T[] _values = new T[1024];
    private int[] _definitions = new int[1024];
    private int[] _repetitions = new int[1024];
    private int _valueCount;
    private int _count;
    private long _maxValueBytes;

    public Leaf(string name, DataField field, Func<JsonElement, T?> read, Func<T, long>? size = null)
        : base(name)
    {
        Field = field;
        _read = read;
        _size = size ?? (static _ => 8);
    }

    public override DataField Field { get; }

    public override long MaxValueBytes => _maxValueBytes;

    public override void AddValue(JsonElement property, int repetition, int nullDefinition)
    {
        T? value = property.ValueKind != JsonValueKind.Null ? _read(property) : null;
        if (value is not { } present)
        {
            AddEmpty(nullDefinition, repetition);
            return;
        }

        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_valueCount++] = present;
        _maxValueBytes = Math.Max(_maxValueBytes, _size(present));
        AddLevels(Field.MaxDefinitionLevel, repetition);
    }

    public override void AddEmpty(int definition, int repetition)
    {
        if (Field.MaxDefinitionLevel == 0)
        {
            throw new InvalidOperationException($"column '{Field.Path}' is required but the value is missing");
        }

        AddLevels(definition, repetition);
    }

    private void AddLevels(int definition, int repetition)
    {
        if (_count == _definitions.Length)
        {
            Array.Resize(ref _definitions, _definitions.Length * 2);
            Array.Resize(ref _repetitions, _repetitions.Length * 2);
        }

        _definitions[_count] = definition;
        _repetitions[_count] = repetition;
        _count++;
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) => writer.WriteAllPartsAsync(
        Field,
        new ReadOnlyMemory<T>(_values, 0, _valueCount),
        // Typed nulls: a bare null would convert to an empty ReadOnlyMemory (through T[]) and mean "zero levels".
        Field.MaxDefinitionLevel > 0 ? new ReadOnlyMemory<int>(_definitions, 0, _count) : (ReadOnlyMemory<int>?)null,
        Field.MaxRepetitionLevel > 0 ? new ReadOnlyMemory<int>(_repetitions, 0, _count) : (ReadOnlyMemory<int>?)null,
        cancellationToken);

    public override void Clear()
    {
        // Drop references to the strings of the written row group so they can be collected.
        Array.Clear(_values, 0, _valueCount);
        _valueCount = 0;
        _count = 0;
        _maxValueBytes = 0;
    }
}
