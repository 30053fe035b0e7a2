namespace MidTrain.Judges.Agreement;

/// <summary>
/// Krippendorff's α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") for any number of raters,
/// missing labels and four levels of measurement, computed through the coincidence matrix. Items with fewer than two
/// labels are not pairable and do not count. Runs in time linear in the labels (plus, for ratio α, quadratic in the
/// distinct values). Stateless and thread-safe.
/// </summary>
public static class KrippendorffAlpha
{
    /// <summary>α of <paramref name="matrix"/> at the four levels; ordinal, interval and ratio need numeric labels.</summary>
    public static KrippendorffAlphaResult Compute(LabelMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var table = CoincidenceTable.From(ItemCategoryCounts.From(matrix));
        return Compute(table, matrix.CategoryCount, matrix.Values);
    }

    /// <summary>
    /// α of reliability data in Krippendorff's layout: one row per rater, one column per item, null for a missing
    /// value. Values are numbers, so all four levels are defined.
    /// </summary>
    public static KrippendorffAlphaResult Compute(IReadOnlyList<IReadOnlyList<double?>> ratersByItems)
    {
        ArgumentNullException.ThrowIfNull(ratersByItems);
        var builder = new LabelMatrixBuilder();
        for (var r = 0; r < ratersByItems.Count; r++)
        {
            var row = ratersByItems[r];
            for (var u = 0; u < row.Count; u++)
            {
                if (row[u] is { } value)
                {
                    builder.Add(u.ToString(System.Globalization.CultureInfo.InvariantCulture), r.ToString(System.Globalization.CultureInfo.InvariantCulture), value);
                }
            }
        }

        return Compute(builder.Build());
    }

    internal static KrippendorffAlphaResult Compute(CoincidenceTable table, int categoryCount, double[]? values)
    {
        var calculator = new AlphaCalculator(table, categoryCount, values);
        table.Accumulate(null, calculator.Totals);
        var common = calculator.Evaluate(out var nominal, out var ordinal, out var interval, out var ratio);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (common is not null)
        {
            foreach (var level in new[] { "nominal", "ordinal", "interval", "ratio" })
            {
                reasons[level] = common;
            }
        }
        else if (values is null)
        {
            const string reason = "labels are not all numbers, so only nominal α is defined";
            reasons["ordinal"] = reason;
            reasons["interval"] = reason;
            reasons["ratio"] = reason;
        }
        else if (double.IsNaN(ratio))
        {
            var present = new HashSet<int>(table.CellFirst.Concat(table.CellSecond)).Count;
            reasons["ratio"] = calculator.RatioRestriction(present) ?? "ratio α is undefined for these labels";
        }

        return new KrippendorffAlphaResult(Finite(nominal), Finite(ordinal), Finite(interval), Finite(ratio)) { Reasons = reasons };
    }

    internal static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
