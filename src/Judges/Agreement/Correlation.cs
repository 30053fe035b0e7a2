namespace MidTrain.Judges.Agreement;

/// <summary>
/// Correlations between two raters' numeric labels over the same items: Pearson's r, Spearman's ρ (average ranks for
/// ties, as scipy) and Kendall's τ-b (ties in either variable corrected, O(n log n)). Each is null when undefined
/// (fewer than two items, or a rater whose labels are all equal). Stateless and thread-safe.
/// </summary>
public static class Correlation
{
    /// <summary>Pearson's product-moment correlation.</summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y) => Compute(x, y).Pearson;

    /// <summary>Spearman's rank correlation with average ranks for ties.</summary>
    public static double? Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Compute(x, y).Spearman;

    /// <summary>Kendall's τ-b.</summary>
    public static double? KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y) => Compute(x, y).Kendall;

    private static (double? Spearman, double? Kendall, double? Pearson) Compute(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (x, y, values) = CohenKappa.Encode(a, b);
        PairMath.Correlations(x, y, values, new PairScratch(values.Length), out var spearman, out var kendall, out var pearson);
        return (KrippendorffAlpha.Finite(spearman), KrippendorffAlpha.Finite(kendall), KrippendorffAlpha.Finite(pearson));
    }
}
