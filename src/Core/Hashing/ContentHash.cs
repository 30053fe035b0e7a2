using System.Security.Cryptography;
using System.Text;

namespace MidTrain.Core.Hashing;

/// <summary>
/// Stable content hashes: the same input gives the same hash on every machine and every run. Thread-safe.
/// </summary>
public static class ContentHash
{
    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// A short (16 hex digits) id for a sample, from the parts that define it. Parts are length-prefixed so
    /// ("ab","c") and ("a","bc") differ.
    /// </summary>
    public static string SampleId(params string?[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> len = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part ?? "\u0000");
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(len, bytes.Length);
            hash.AppendData(len);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>A 64-bit FNV-1a hash of <paramref name="text"/>'s UTF-16 code units: fast, stable across runs, not cryptographic.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
