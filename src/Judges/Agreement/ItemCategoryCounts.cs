namespace MidTrain.Judges.Agreement;

/// <summary>
/// For every item, the distinct categories it received and how many labels fell in each (compressed rows, categories
/// ascending): the per-unit value counts that α's coincidences and Fleiss' κ are built from.
/// </summary>
internal sealed class ItemCategoryCounts
{
    private ItemCategoryCounts(int categoryCount, int[] offsets, int[] categories, int[] counts, int[] labels)
    {
        CategoryCount = categoryCount;
        Offsets = offsets;
        Categories = categories;
        Counts = counts;
        Labels = labels;
    }

    public int CategoryCount { get; }

    public int ItemCount => Labels.Length;

    /// <summary>Item u's entries are [Offsets[u], Offsets[u+1]).</summary>
    public int[] Offsets { get; }

    public int[] Categories { get; }

    public int[] Counts { get; }

    /// <summary>Labels per item (m_u).</summary>
    public int[] Labels { get; }

    public static ItemCategoryCounts From(LabelMatrix matrix)
    {
        var items = matrix.ItemCount;
        var offsets = new int[items + 1];
        var labels = new int[items];
        var categories = new List<int>(matrix.LabelCount);
        var counts = new List<int>(matrix.LabelCount);
        var buffer = new int[16];
        for (var u = 0; u < items; u++)
        {
            var codes = matrix.CodesOf(u);
            labels[u] = codes.Length;
            if (buffer.Length < codes.Length)
            {
                buffer = new int[codes.Length * 2];
            }

            var sorted = buffer.AsSpan(0, codes.Length);
            codes.CopyTo(sorted);
            sorted.Sort();
            var i = 0;
            while (i < sorted.Length)
            {
                var j = i + 1;
                while (j < sorted.Length && sorted[j] == sorted[i])
                {
                    j++;
                }

                categories.Add(sorted[i]);
                counts.Add(j - i);
                i = j;
            }

            offsets[u + 1] = categories.Count;
        }

        return new ItemCategoryCounts(matrix.CategoryCount, offsets, [.. categories], [.. counts], labels);
    }

    /// <summary>Builds counts from a subjects × categories table (Fleiss' input form); categories are the column indices.</summary>
    public static ItemCategoryCounts FromTable(IReadOnlyList<IReadOnlyList<int>> table)
    {
        var width = table.Count == 0 ? 0 : table.Max(row => row.Count);
        var offsets = new int[table.Count + 1];
        var labels = new int[table.Count];
        var categories = new List<int>();
        var counts = new List<int>();
        for (var u = 0; u < table.Count; u++)
        {
            for (var c = 0; c < table[u].Count; c++)
            {
                var count = table[u][c];
                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(table));
                if (count > 0)
                {
                    categories.Add(c);
                    counts.Add(count);
                    labels[u] += count;
                }
            }

            offsets[u + 1] = categories.Count;
        }

        return new ItemCategoryCounts(width, offsets, [.. categories], [.. counts], labels);
    }
}
