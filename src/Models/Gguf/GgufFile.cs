using System.Text;

namespace MidTrain.Models.Gguf;

/// <summary>
/// The header of a GGUF file (metadata and tensor descriptors, not the weights), read without loading the model.
/// Used to check written test models and to fingerprint real ones. Immutable once read; thread-safe to share.
/// </summary>
public sealed class GgufFile
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian

    private GgufFile(uint version, IReadOnlyDictionary<string, object> metadata, IReadOnlyList<GgufTensorInfo> tensors, long dataOffset, int alignment)
    {
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        DataOffset = dataOffset;
        Alignment = alignment;
    }

    /// <summary>The format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>
    /// Metadata by key. Scalars are boxed CLR values (uint, int, float, bool, string, ulong…); arrays are
    /// <see cref="Array"/>s of those.
    /// </summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    /// <summary>Tensor descriptors in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Absolute byte offset of the tensor-data section (a multiple of <see cref="Alignment"/>).</summary>
    public long DataOffset { get; }

    /// <summary>The data alignment (<c>general.alignment</c>, default 32).</summary>
    public int Alignment { get; }

    /// <summary>The quantization name from <c>general.file_type</c> (e.g. <c>F16</c>, <c>Q4_K_M</c>), or from the tensor types when absent.</summary>
    public string Quantization
    {
        get
        {
            if (Metadata.TryGetValue("general.file_type", out var value) && value is uint or int)
            {
                return FileTypeName(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            var dominant = Tensors.GroupBy(t => t.GgmlType).OrderByDescending(g => g.Sum(t => (double)t.ElementCount)).FirstOrDefault();
            return dominant is null ? "unknown" : GgmlTypeName(dominant.Key);
        }
    }

    /// <summary>Reads the header of the GGUF file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a GGUF file or is truncated.</exception>
    public static GgufFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a GGUF header from <paramref name="stream"/> (positioned at the file start).</summary>
    /// <exception cref="InvalidDataException">The data is not GGUF or is truncated.</exception>
    public static GgufFile Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("not a GGUF file (bad magic)");
            }

            var version = reader.ReadUInt32();
            if (version is < 2 or > 3)
            {
                throw new InvalidDataException($"unsupported GGUF version {version}");
            }

            var tensorCount = reader.ReadUInt64();
            var kvCount = reader.ReadUInt64();
            var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
            for (ulong i = 0; i < kvCount; i++)
            {
                var key = ReadString(reader);
                var type = (GgufValueType)reader.ReadUInt32();
                metadata[key] = ReadValue(reader, type);
            }

            var tensors = new List<GgufTensorInfo>(checked((int)tensorCount));
            for (ulong i = 0; i < tensorCount; i++)
            {
                var name = ReadString(reader);
                var dims = reader.ReadUInt32();
                var shape = new ulong[dims];
                for (var d = 0; d < dims; d++)
                {
                    shape[d] = reader.ReadUInt64();
                }

                var ggmlType = reader.ReadUInt32();
                var offset = reader.ReadUInt64();
                tensors.Add(new GgufTensorInfo(name, shape, ggmlType, offset));
            }

            var alignment = metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt32(a, System.Globalization.CultureInfo.InvariantCulture) : 32;
            var position = stream.Position;
            var dataOffset = (position + alignment - 1) / alignment * alignment;
            return new GgufFile(version, metadata, tensors, dataOffset, alignment);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("truncated GGUF header", ex);
        }
    }

    /// <summary>The llama.cpp name of a <c>general.file_type</c> value.</summary>
    public static string FileTypeName(int fileType) => fileType switch
    {
        0 => "F32",
        1 => "F16",
        2 => "Q4_0",
        3 => "Q4_1",
        7 => "Q8_0",
        8 => "Q5_0",
        9 => "Q5_1",
        10 => "Q2_K",
        11 => "Q3_K_S",
        12 => "Q3_K_M",
        13 => "Q3_K_L",
        14 => "Q4_K_S",
        15 => "Q4_K_M",
        16 => "Q5_K_S",
        17 => "Q5_K_M",
        18 => "Q6_K",
        19 => "IQ2_XXS",
        20 => "IQ2_XS",
        21 => "Q2_K_S",
        22 => "IQ3_XS",
        23 => "IQ3_XXS",
        24 => "IQ1_S",
        25 => "IQ4_NL",
        26 => "IQ3_S",
        27 => "IQ3_M",
        28 => "IQ2_S",
        29 => "IQ2_M",
        30 => "IQ4_XS",
        31 => "IQ1_M",
        32 => "BF16",
        _ => $"ftype-{fileType}",
    };

    private static string GgmlTypeName(uint type) => type switch
    {
        0 => "F32",
        1 => "F16",
        2 => "Q4_0",
        3 => "Q4_1",
        6 => "Q5_0",
        7 => "Q5_1",
        8 => "Q8_0",
        10 => "Q2_K",
        11 => "Q3_K",
        12 => "Q4_K",
        13 => "Q5_K",
        14 => "Q6_K",
        30 => "BF16",
        _ => $"ggml-type-{type}",
    };

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt64();
        if (length > int.MaxValue)
        {
            throw new InvalidDataException($"GGUF string of {length} bytes");
        }

        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != (int)length)
        {
            throw new EndOfStreamException();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static object ReadValue(BinaryReader reader, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(reader),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Array => ReadArray(reader),
        _ => throw new InvalidDataException($"unknown GGUF value type {(uint)type}"),
    };

    private static Array ReadArray(BinaryReader reader)
    {
        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = reader.ReadUInt64();
        if (count > int.MaxValue)
        {
            throw new InvalidDataException($"GGUF array of {count} elements");
        }

        var items = new object[(int)count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadValue(reader, elementType);
        }

        return items;
    }
}
