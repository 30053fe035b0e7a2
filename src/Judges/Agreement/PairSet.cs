namespace MidTrain.Judges.Agreement;

/// <summary>
/// The items every pair of raters has in common, as aligned arrays (item, first rater's code, second rater's code),
/// gathered in two passes over the matrix (count, then fill) so memory is exactly Σ_items m(m−1)/2 entries.
/// </summary>
internal sealed class PairSet
{
    private const long DenseLimit = 1L << 22;

    private PairSet(List<Pair> pairs) => Pairs = pairs;

    /// <summary>Pairs with at least one common item, ordered by (first, second) rater index.</summary>
    public IReadOnlyList<Pair> Pairs { get; }

    public static PairSet From(LabelMatrix matrix, CancellationToken cancellationToken)
    {
        var raters = (long)matrix.RaterCount;
        var triangle = raters * (raters - 1) / 2;
        var dense = triangle <= DenseLimit ? new int[triangle] : null;
        var sparse = dense is null ? new Dictionary<long, int>() : null;
        var counts = new List<int>();
        var firsts = new List<int>();
        var seconds = new List<int>();
        if (dense is not null)
        {
            Array.Fill(dense, -1);
        }

        for (var u = 0; u < matrix.ItemCount; u++)
        {
            var who = matrix.RatersOf(u);
            for (var i = 0; i < who.Length; i++)
            {
                for (var j = i + 1; j < who.Length; j++)
                {
                    var slot = Slot(who[i], who[j]);
                    if (slot < 0)
                    {
                        slot = counts.Count;
                        Assign(who[i], who[j], slot);
                        counts.Add(0);
                        firsts.Add(who[i]);
                        seconds.Add(who[j]);
                    }

                    counts[slot]++;
                }
            }

            if ((u & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        var pairs = new List<Pair>(counts.Count);
        for (var p = 0; p < counts.Count; p++)
        {
            pairs.Add(new Pair(firsts[p], seconds[p], new int[counts[p]], new int[counts[p]], new int[counts[p]]));
        }

        var fill = new int[counts.Count];
        for (var u = 0; u < matrix.ItemCount; u++)
        {
            var who = matrix.RatersOf(u);
            var codes = matrix.CodesOf(u);
            for (var i = 0; i < who.Length; i++)
            {
                for (var j = i + 1; j < who.Length; j++)
                {
                    var slot = Slot(who[i], who[j]);
                    var pair = pairs[slot];
                    var at = fill[slot]++;
                    pair.Items[at] = u;
                    pair.X[at] = codes[i];
                    pair.Y[at] = codes[j];
                }
            }
        }

        pairs.Sort((a, b) => a.First != b.First ? a.First.CompareTo(b.First) : a.Second.CompareTo(b.Second));
        return new PairSet(pairs);

        long Index(int a, int b) => (long)a * (2 * raters - a - 1) / 2 + (b - a - 1);

        int Slot(int a, int b) =>
            dense is not null ? dense[Index(a, b)] : sparse!.TryGetValue(Index(a, b), out var slot) ? slot : -1;

        void Assign(int a, int b, int slot)
        {
            if (dense is not null)
            {
                dense[Index(a, b)] = slot;
            }
            else
            {
                sparse![Index(a, b)] = slot;
            }
        }
    }

    /// <summary>One pair of raters (first &lt; second) and their common items.</summary>
    internal sealed record Pair(int First, int Second, int[] Items, int[] X, int[] Y)
    {
        public int Count => Items.Length;
    }
}
