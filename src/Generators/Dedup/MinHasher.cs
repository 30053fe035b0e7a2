using MidTrain.Core.Hashing;

namespace MidTrain.Generators.Dedup;

/// <summary>
/// MinHash signatures of texts over word shingles: the fraction of equal positions of two signatures estimates the
/// Jaccard similarity of the two shingle sets (standard error ≈ √(J(1−J)/permutations)). The hash family is fixed by
/// a seed, so the same words always give the same signature. Used by <see cref="NearDuplicateFilter"/> and by context
/// assembly (grouping topically related documents). Immutable and thread-safe.
/// </summary>
public sealed class MinHasher
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;

    /// <summary>Creates a hasher with <paramref name="permutations"/> hash functions over shingles of <paramref name="shingleWords"/> words.</summary>
    /// <param name="permutations">Signature length (at least 1).</param>
    /// <param name="shingleWords">Words per shingle (at least 1; texts shorter than this use single words).</param>
    /// <param name="seed">Seed of the hash family.</param>
    public MinHasher(int permutations, int shingleWords, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleWords, 1);
        ShingleWords = shingleWords;
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = (ulong)SeedDerivation.Derive(seed, $"a{i}") | 1UL;
            _b[i] = (ulong)SeedDerivation.Derive(seed, $"b{i}");
        }
    }

    /// <summary>Signature length.</summary>
    public int Permutations => _a.Length;

    /// <summary>Words per shingle.</summary>
    public int ShingleWords { get; }

    /// <summary>The signature of <paramref name="words"/> (normalised words, e.g. from <see cref="NearDuplicateFilter.Normalise"/>).</summary>
    public uint[] Signature(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var signature = new uint[_a.Length];
        Array.Fill(signature, uint.MaxValue);
        var n = Math.Min(ShingleWords, Math.Max(1, words.Count));
        for (var i = 0; i + n <= words.Count; i++)
        {
            var shingle = ShingleHash(words, i, n);
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

    /// <summary>The estimated Jaccard similarity of two signatures of this hasher: equal positions ÷ length.</summary>
    public static double Estimate(ReadOnlySpan<uint> x, ReadOnlySpan<uint> y)
    {
        if (x.Length != y.Length || x.Length == 0)
        {
            throw new ArgumentException("signatures of one hasher have the same, non-zero length");
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

    /// <summary>FNV-1a of the shingle's words joined by U+001F (equal to hashing the joined string, without building it).</summary>
    private static ulong ShingleHash(IReadOnlyList<string> words, int start, int count)
    {
        var hash = 14695981039346656037UL;
        for (var w = start; w < start + count; w++)
        {
            if (w > start)
            {
                hash = (hash ^ '\u001f') * 1099511628211UL;
            }

            foreach (var c in words[w])
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        return hash;
    }
}
