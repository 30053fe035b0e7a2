using System.Buffers.Binary;
using System.Text;

namespace MidTrain.Models.Gguf;

/// <summary>
/// Writes a GGUF v3 file: metadata, tensor descriptors, then tensor data, each tensor aligned to
/// <see cref="Alignment"/> bytes (a misaligned data section loads silently and computes garbage, DESIGN §7b).
/// Tensor contents are produced on demand while writing, so large models never sit whole in memory.
/// Not thread-safe; one writer per file.
/// </summary>
public sealed class GgufWriter
{
    /// <summary>The tensor-data alignment written to <c>general.alignment</c>.</summary>
    public const int Alignment = 32;

    private readonly List<(string Key, GgufValueType Type, object Value)> _metadata = [];
    private readonly List<PendingTensor> _tensors = [];

    /// <summary>Adds a string metadata value.</summary>
    public GgufWriter Add(string key, string value) => AddRaw(key, GgufValueType.String, value);

    /// <summary>Adds an unsigned 32-bit metadata value.</summary>
    public GgufWriter Add(string key, uint value) => AddRaw(key, GgufValueType.UInt32, value);

    /// <summary>Adds a 32-bit float metadata value.</summary>
    public GgufWriter Add(string key, float value) => AddRaw(key, GgufValueType.Float32, value);

    /// <summary>Adds a boolean metadata value.</summary>
    public GgufWriter Add(string key, bool value) => AddRaw(key, GgufValueType.Bool, value);

    /// <summary>Adds a string-array metadata value.</summary>
    public GgufWriter Add(string key, IReadOnlyList<string> values) => AddRaw(key, GgufValueType.Array, (GgufValueType.String, values.Cast<object>().ToArray()));

    /// <summary>Adds a float-array metadata value.</summary>
    public GgufWriter Add(string key, IReadOnlyList<float> values) => AddRaw(key, GgufValueType.Array, (GgufValueType.Float32, values.Cast<object>().ToArray()));

    /// <summary>Adds an int32-array metadata value.</summary>
    public GgufWriter Add(string key, IReadOnlyList<int> values) => AddRaw(key, GgufValueType.Array, (GgufValueType.Int32, values.Cast<object>().ToArray()));

    /// <summary>
    /// Adds a tensor whose <paramref name="dimensions"/> are innermost first (ggml order) and whose values
    /// <paramref name="fill"/> writes into the span it is given (row-major, length = product of dimensions).
    /// </summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="dimensions">Sizes, innermost first.</param>
    /// <param name="half">Store as F16 (ggml type 1) instead of F32 (type 0).</param>
    /// <param name="fill">Produces the values.</param>
    public GgufWriter AddTensor(string name, ulong[] dimensions, bool half, Action<Span<float>> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        _tensors.Add(new PendingTensor(name, dimensions, half, fill));
        return this;
    }

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(0x46554747u);
        writer.Write(3u);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count + 1);
        WriteString(writer, "general.alignment");
        writer.Write((uint)GgufValueType.UInt32);
        writer.Write((uint)Alignment);
        foreach (var (key, type, value) in _metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)type);
            WriteValue(writer, type, value);
        }

        ulong offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dimensions.Length);
            foreach (var d in tensor.Dimensions)
            {
                writer.Write(d);
            }

            writer.Write(tensor.Half ? 1u : 0u);
            writer.Write(offset);
            offset = Align(offset + tensor.ByteCount);
        }

        writer.Flush();
        Pad(writer, stream.Position);
        var dataStart = stream.Position;
        foreach (var tensor in _tensors)
        {
            var values = new float[checked((int)tensor.ElementCount)];
            tensor.Fill(values);
            var bytes = new byte[tensor.ByteCount];
            if (tensor.Half)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
                }
            }
            else
            {
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
                }
            }

            writer.Write(bytes);
            writer.Flush();
            Pad(writer, stream.Position - dataStart);
        }

        writer.Flush();
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer, long position)
    {
        var padding = (int)((ulong)Align((ulong)position) - (ulong)position);
        for (var i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private GgufWriter AddRaw(string key, GgufValueType type, object value)
    {
        if (_metadata.Any(m => m.Key == key) || key == "general.alignment")
        {
            throw new ArgumentException($"metadata key '{key}' added twice", nameof(key));
        }

        _metadata.Add((key, type, value));
        return this;
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.String:
                WriteString(writer, (string)value);
                break;
            case GgufValueType.UInt32:
                writer.Write((uint)value);
                break;
            case GgufValueType.Int32:
                writer.Write((int)value);
                break;
            case GgufValueType.Float32:
                writer.Write((float)value);
                break;
            case GgufValueType.Bool:
                writer.Write((bool)value ? (byte)1 : (byte)0);
                break;
            case GgufValueType.Array:
                var (elementType, items) = ((GgufValueType, object[]))value;
                writer.Write((uint)elementType);
                writer.Write((ulong)items.Length);
                foreach (var item in items)
                {
                    WriteValue(writer, elementType, item);
                }

                break;
            default:
                throw new InvalidOperationException($"unsupported GGUF value type {type}");
        }
    }

    private sealed record PendingTensor(string Name, ulong[] Dimensions, bool Half, Action<Span<float>> Fill)
    {
        public ulong ElementCount => Dimensions.Aggregate(1UL, (a, d) => a * d);

        public ulong ByteCount => ElementCount * (Half ? 2UL : 4UL);
    }
}
