namespace MidTrain.Judges.Agreement;

/// <summary>
/// Fleiss' κ (Fleiss 1971) for items that each received the same number m ≥ 2 of labels (raters need not be the same
/// people from item to item). Undefined — null with a reason — when the number of labels differs between items, when
/// m &lt; 2, or when every label is in one category. Stateless and thread-safe.
/// </summary>
public static class FleissKappa
{
    /// <summary>Fleiss' κ of <paramref name="matrix"/>; <paramref name="reason"/> says why when null.</summary>
    public static double? Compute(LabelMatrix matrix, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return Compute(ItemCategoryCounts.From(matrix), out reason);
    }

    /// <summary>
    /// Fleiss' κ from its classic input: one row per subject, the number of raters who chose each category (column).
    /// </summary>
    public static double? Compute(IReadOnlyList<IReadOnlyList<int>> countsPerSubject, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(countsPerSubject);
        return Compute(ItemCategoryCounts.FromTable(countsPerSubject), out reason);
    }

    internal static double? Compute(ItemCategoryCounts counts, out string? reason)
    {
        reason = Applicability(counts);
        if (reason is not null)
        {
            return null;
        }

        var calculator = new FleissCalculator(counts);
        var value = calculator.Evaluate(null);
        if (double.IsNaN(value))
        {
            reason = "every label is in the same category, so there is no expected disagreement";
            return null;
        }

        return value;
    }

    /// <summary>Null when κ can be computed on these items, else why not.</summary>
    internal static string? Applicability(ItemCategoryCounts counts)
    {
        if (counts.ItemCount == 0)
        {
            return "there are no items";
        }

        var min = counts.Labels.Min();
        var max = counts.Labels.Max();
        if (min != max)
        {
            return $"items have unequal numbers of labels ({min} to {max}); Fleiss' kappa needs the same number for every item";
        }

        return min < 2 ? "every item has a single label; Fleiss' kappa needs at least two per item" : null;
    }
}
