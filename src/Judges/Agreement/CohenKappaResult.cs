using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// Cohen's κ for one pair of raters: unweighted, and weighted by the linear or quadratic numeric distance between
/// labels (as scikit-learn's <c>cohen_kappa_score</c> does when <c>labels</c> lists every category of equally spaced
/// numeric labels). A value is null when κ is undefined (no expected disagreement) or, for the weighted forms, when the
/// labels are not numeric.
/// </summary>
/// <param name="Unweighted">Cohen's κ.</param>
/// <param name="Linear">Linearly weighted κ.</param>
/// <param name="Quadratic">Quadratically weighted κ.</param>
public sealed record CohenKappaResult(
    [property: JsonPropertyName("unweighted")] double? Unweighted,
    [property: JsonPropertyName("linear")] double? Linear,
    [property: JsonPropertyName("quadratic")] double? Quadratic);
