using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>One rater measured against the gold rater, over the items both labelled.</summary>
/// <param name="Rater">The rater.</param>
/// <param name="N">Items labelled by both the rater and the gold rater.</param>
/// <param name="Accuracy">Proportion of those items where the rater gave the gold label; null when <paramref name="N"/> is 0.</param>
/// <param name="CohenKappa">Cohen's κ against gold.</param>
/// <param name="CohenKappaCi">Bootstrap confidence intervals for κ; null when bootstrapping was off.</param>
/// <param name="ConfusionMatrix">Rows: gold label; columns: the rater's label.</param>
/// <param name="MeanAbsoluteError">Mean |rater − gold| for numeric labels; null otherwise.</param>
public sealed record GoldAgreement(
    [property: JsonPropertyName("rater")] string Rater,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("accuracy")] double? Accuracy,
    [property: JsonPropertyName("cohen_kappa")] CohenKappaResult CohenKappa,
    [property: JsonPropertyName("cohen_kappa_ci")] CohenKappaIntervals? CohenKappaCi,
    [property: JsonPropertyName("confusion_matrix")] ConfusionMatrix ConfusionMatrix,
    [property: JsonPropertyName("mean_absolute_error")] double? MeanAbsoluteError);
