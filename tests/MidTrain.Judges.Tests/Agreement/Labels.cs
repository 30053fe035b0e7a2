using System.Globalization;
using MidTrain.Judges.Agreement;

namespace MidTrain.Judges.Tests.Agreement;

/// <summary>Builds label matrices from the layouts the published examples use.</summary>
internal static class Labels
{
    /// <summary>Reliability data as in Krippendorff's papers: one string per rater, one token per item, <c>*</c> missing.</summary>
    public static LabelMatrix FromRows(params string[] rows)
    {
        var builder = new LabelMatrixBuilder();
        for (var r = 0; r < rows.Length; r++)
        {
            var tokens = rows[r].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var u = 0; u < tokens.Length; u++)
            {
                if (tokens[u] != "*")
                {
                    builder.Add($"u{u:D3}", $"r{r}", double.Parse(tokens[u], CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.Build();
    }

    /// <summary>Two raters' aligned numeric labels.</summary>
    public static LabelMatrix FromPair(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var builder = new LabelMatrixBuilder();
        for (var i = 0; i < a.Count; i++)
        {
            builder.Add($"item{i:D5}", "a", a[i]);
            builder.Add($"item{i:D5}", "b", b[i]);
        }

        return builder.Build();
    }

    public static double[] Repeat(params (double Value, int Count)[] runs) =>
        [.. runs.SelectMany(run => Enumerable.Repeat(run.Value, run.Count))];

    /// <summary>Random numeric labels: items × raters, each label missing with probability <paramref name="missing"/>.</summary>
    public static List<(string Item, string Rater, double Label)> Random(int seed, int items, int raters, int categories, double missing)
    {
        var random = new Random(seed);
        var labels = new List<(string, string, double)>();
        for (var u = 0; u < items; u++)
        {
            var truth = random.Next(categories);
            for (var r = 0; r < raters; r++)
            {
                if (random.NextDouble() < missing)
                {
                    continue;
                }

                var label = random.NextDouble() < 0.6 ? truth : random.Next(categories);
                labels.Add(($"item-{u}", $"rater-{r}", label + 1));
            }
        }

        return labels;
    }

    public static LabelMatrix Build(IEnumerable<(string Item, string Rater, double Label)> labels)
    {
        var builder = new LabelMatrixBuilder();
        foreach (var (item, rater, label) in labels)
        {
            builder.Add(item, rater, label);
        }

        return builder.Build();
    }
}
