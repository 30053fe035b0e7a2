using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>Agreement between two raters over the items both labelled.</summary>
/// <param name="A">First rater (ordinally smaller id).</param>
/// <param name="B">Second rater.</param>
/// <param name="N">Items both labelled.</param>
/// <param name="PercentAgreement">Proportion (0 to 1) of those items with identical labels.</param>
/// <param name="CohenKappa">Cohen's κ, unweighted and weighted.</param>
/// <param name="Spearman">Spearman's ρ (average ranks for ties); null for non-numeric labels or when undefined.</param>
/// <param name="KendallTauB">Kendall's τ-b; null for non-numeric labels or when undefined.</param>
/// <param name="Pearson">Pearson's r; null for non-numeric labels or when a rater's labels are constant.</param>
/// <param name="CohenKappaCi">Bootstrap confidence intervals for κ; null when bootstrapping was off.</param>
/// <param name="ConfusionMatrix">Rows <see cref="A"/>, columns <see cref="B"/>; null when the pair used more than 50 categories.</param>
public sealed record PairAgreement(
    [property: JsonPropertyName("a")] string A,
    [property: JsonPropertyName("b")] string B,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("percent_agreement")] double PercentAgreement,
    [property: JsonPropertyName("cohen_kappa")] CohenKappaResult CohenKappa,
    [property: JsonPropertyName("spearman")] double? Spearman,
    [property: JsonPropertyName("kendall_tau_b")] double? KendallTauB,
    [property: JsonPropertyName("pearson")] double? Pearson,
    [property: JsonPropertyName("cohen_kappa_ci")] CohenKappaIntervals? CohenKappaCi,
    [property: JsonPropertyName("confusion_matrix")] ConfusionMatrix? ConfusionMatrix);
