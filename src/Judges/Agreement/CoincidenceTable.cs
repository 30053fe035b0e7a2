namespace MidTrain.Judges.Agreement;

/// <summary>
/// Krippendorff's coincidence matrix, kept sparse: the cells (c ≤ k) that occur and, per item, its contribution to
/// each (n_uc·n_uk/(m_u−1) off the diagonal, n_uc(n_uc−1)/(m_u−1) on it). Summing the contributions of a multiset of
/// items gives the coincidences of that multiset, which is what the bootstrap needs.
/// </summary>
internal sealed class CoincidenceTable
{
    private CoincidenceTable(int[] first, int[] second, int[] entryOffsets, int[] entryCell, double[] entryValue, int pairableItems)
    {
        CellFirst = first;
        CellSecond = second;
        EntryOffsets = entryOffsets;
        EntryCell = entryCell;
        EntryValue = entryValue;
        PairableItems = pairableItems;
    }

    /// <summary>Smaller category code of each cell.</summary>
    public int[] CellFirst { get; }

    /// <summary>Larger (or equal) category code of each cell.</summary>
    public int[] CellSecond { get; }

    public int CellCount => CellFirst.Length;

    public int PairableItems { get; }

    private int[] EntryOffsets { get; }

    private int[] EntryCell { get; }

    private double[] EntryValue { get; }

    public static CoincidenceTable From(ItemCategoryCounts counts)
    {
        var cellIndex = new Dictionary<long, int>();
        var first = new List<int>();
        var second = new List<int>();
        var entryOffsets = new int[counts.ItemCount + 1];
        var entryCell = new List<int>(counts.Categories.Length * 2);
        var entryValue = new List<double>(counts.Categories.Length * 2);
        var pairable = 0;
        var width = (long)Math.Max(counts.CategoryCount, 1);
        for (var u = 0; u < counts.ItemCount; u++)
        {
            var m = counts.Labels[u];
            if (m >= 2)
            {
                pairable++;
                var scale = 1.0 / (m - 1);
                var from = counts.Offsets[u];
                var to = counts.Offsets[u + 1];
                for (var i = from; i < to; i++)
                {
                    var c = counts.Categories[i];
                    double a = counts.Counts[i];
                    if (a >= 2)
                    {
                        Add(c, c, a * (a - 1) * scale);
                    }

                    for (var j = i + 1; j < to; j++)
                    {
                        Add(c, counts.Categories[j], a * counts.Counts[j] * scale);
                    }
                }
            }

            entryOffsets[u + 1] = entryCell.Count;
        }

        return new CoincidenceTable([.. first], [.. second], entryOffsets, [.. entryCell], [.. entryValue], pairable);

        void Add(int c, int k, double value)
        {
            var key = c * width + k;
            if (!cellIndex.TryGetValue(key, out var cell))
            {
                cell = first.Count;
                cellIndex.Add(key, cell);
                first.Add(c);
                second.Add(k);
            }

            entryCell.Add(cell);
            entryValue.Add(value);
        }
    }

    /// <summary>Coincidences of all items (<paramref name="itemWeights"/> null) or of items repeated by their weights.</summary>
    public void Accumulate(int[]? itemWeights, double[] totals)
    {
        Array.Clear(totals, 0, CellCount);
        var cells = EntryCell;
        var values = EntryValue;
        if (itemWeights is null)
        {
            for (var e = 0; e < cells.Length; e++)
            {
                totals[cells[e]] += values[e];
            }

            return;
        }

        var offsets = EntryOffsets;
        for (var u = 0; u < itemWeights.Length; u++)
        {
            var w = itemWeights[u];
            if (w == 0)
            {
                continue;
            }

            for (var e = offsets[u]; e < offsets[u + 1]; e++)
            {
                totals[cells[e]] += w * values[e];
            }
        }
    }
}
