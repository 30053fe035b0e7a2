namespace MidTrain.Verifiers.Citation.Candidates;

/// <summary>
/// Every position of every character n-gram of a text, bucketed by hash (one counting-sort pass, so building is
/// linear and allocation-light). Used to find anchors (shared n-grams) between a quote and its source, so alignment
/// runs only on windows around them. Immutable after construction; thread-safe for lookups.
/// </summary>
public sealed class NGramIndex
{
    private readonly string _text;
    private readonly int[] _bucketStart;
    private readonly int[] _positions;
    private readonly int _mask;

    /// <summary>Indexes the <paramref name="n"/>-grams of <paramref name="text"/>.</summary>
    public NGramIndex(string text, int n)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _text = text;
        N = n;
        var count = System.Math.Max(0, text.Length - n + 1);
        var bits = System.Math.Clamp((int)System.Math.Ceiling(System.Math.Log2(System.Math.Max(count, 1))) + 1, 10, 22);
        _mask = (1 << bits) - 1;
        _bucketStart = new int[(1 << bits) + 1];
        _positions = new int[count];
        var hashes = new int[count];
        for (var p = 0; p < count; p++)
        {
            hashes[p] = Hash(text.AsSpan(p, n)) & _mask;
            _bucketStart[hashes[p] + 1]++;
        }

        for (var b = 1; b < _bucketStart.Length; b++)
        {
            _bucketStart[b] += _bucketStart[b - 1];
        }

        var fill = (int[])_bucketStart.Clone();
        for (var p = 0; p < count; p++)
        {
            _positions[fill[hashes[p]]++] = p;
        }
    }

    /// <summary>The gram length.</summary>
    public int N { get; }

    /// <summary>
    /// Adds to <paramref name="hits"/> the positions (ascending) where <paramref name="gram"/> occurs, and returns how
    /// many there are; stops adding after <paramref name="maxHits"/> (the count still reports them all up to
    /// <paramref name="maxHits"/> + 1, so callers can skip grams too common to be informative).
    /// </summary>
    public int Find(ReadOnlySpan<char> gram, List<int> hits, int maxHits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (gram.Length != N)
        {
            throw new ArgumentException($"gram must have {N} characters", nameof(gram));
        }

        var bucket = Hash(gram) & _mask;
        var found = 0;
        for (var k = _bucketStart[bucket]; k < _bucketStart[bucket + 1]; k++)
        {
            var p = _positions[k];
            if (_text.AsSpan(p, N).SequenceEqual(gram))
            {
                if (++found > maxHits)
                {
                    return found;
                }

                hits.Add(p);
            }
        }

        return found;
    }

    private static int Hash(ReadOnlySpan<char> gram)
    {
        var h = 2166136261u;
        foreach (var c in gram)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)(h ^ (h >> 15));
    }
}
