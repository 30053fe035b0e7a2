using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>Bootstrap confidence intervals for the three forms of Cohen's κ (null where κ is undefined).</summary>
/// <param name="Unweighted">Interval for unweighted κ.</param>
/// <param name="Linear">Interval for linearly weighted κ.</param>
/// <param name="Quadratic">Interval for quadratically weighted κ.</param>
public sealed record CohenKappaIntervals(
    [property: JsonPropertyName("unweighted")] ConfidenceInterval? Unweighted,
    [property: JsonPropertyName("linear")] ConfidenceInterval? Linear,
    [property: JsonPropertyName("quadratic")] ConfidenceInterval? Quadratic);
