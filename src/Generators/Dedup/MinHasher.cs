using System.Security.Cryptography;
using System.Text;
using MidTrain.Core.Hashing;

namespace MidTrain.Generators.Dedup;

/// <summary>
/// MinHash over word shingles of a normalised text, and the canonical key that decides which member of a near-duplicate
/// cluster is kept. Deterministic: the same text gives the same signature and key in every process, run and shard.
/// Thread-safe (immutable after construction).
/// </summary>
public sealed class MinHasher
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;

    /// <summary>A hash family of <paramref name="permutations"/> hashes over shingles of <paramref name="shingleWords"/> words.</summary>
    public MinHasher(int permutations, int shingleWords, long seed)
        : this(new NearDuplicateOptions { Permutations = permutations, ShingleWords = shingleWords, Seed = seed, Bands = permutations % 16 == 0 ? 16 : 1 })
    {
    }

    /// <summary>Creates the hash family of <paramref name="options"/>.</summary>
    public MinHasher(NearDuplicateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Rows = options.Permutations / options.Bands;
        _a = new ulong[options.Permutations];
        _b = new ulong[options.Permutations];
        for (var i = 0; i < _a.Length; i++)
        {
            _a[i] = (ulong)SeedDerivation.Derive(options.Seed, $"a{i}") | 1UL;
            _b[i] = (ulong)SeedDerivation.Derive(options.Seed, $"b{i}");
        }
    }

    /// <summary>The options.</summary>
    public NearDuplicateOptions Options { get; }

    /// <summary>The number of hashes in a signature.</summary>
    public int Permutations => _a.Length;

    /// <summary>Words per shingle.</summary>
    public int ShingleWords => Options.ShingleWords;

    /// <summary>Signature rows per LSH band.</summary>
    public int Rows { get; }

    /// <summary>Lower-cased words with punctuation removed (letters and digits of any script kept).</summary>
    public static string[] Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// The canonical key of a text: the first 128 bits of the SHA-256 of its normalised words. Within a cluster the
    /// smallest key (ties by sample id) is kept, so the choice depends on the texts only, never on arrival order.
    /// </summary>
    public static UInt128 CanonicalKey(string[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(' ', words)), hash);
        return new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash[8..]));
    }

    /// <summary>The MinHash signature of normalised <paramref name="words"/> (texts shorter than a shingle use single words).</summary>
    public uint[] Signature(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var array = words as string[] ?? [.. words];
        var signature = new uint[_a.Length];
        Array.Fill(signature, uint.MaxValue);
        var n = Math.Min(Options.ShingleWords, Math.Max(1, array.Length));
        for (var i = 0; i + n <= array.Length; i++)
        {
            var shingle = ContentHash.Fnv1a64(string.Join('\u001f', array, i, n));
            for (var p = 0; p < signature.Length; p++)
            {
                var h = (uint)((_a[p] * shingle + _b[p]) >> 32);
                if (h < signature[p])
                {
                    signature[p] = h;
                }
            }
        }

        return signature;
    }

    /// <summary>The LSH key of band <paramref name="band"/> of <paramref name="signature"/>.</summary>
    public ulong BandKey(uint[] signature, int band)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var hash = 14695981039346656037UL ^ (ulong)band;
        for (var r = 0; r < Rows; r++)
        {
            hash = (hash ^ signature[band * Rows + r]) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The estimated Jaccard similarity of two signatures (the share of equal positions).</summary>
    public static double Estimate(ReadOnlySpan<uint> x, ReadOnlySpan<uint> y)
    {
        if (x.Length != y.Length || x.Length == 0)
        {
            throw new ArgumentException("signatures of the same hash family are compared");
        }

        var equal = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] == y[i])
            {
                equal++;
            }
        }

        return (double)equal / x.Length;
    }
}
