using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>Bootstrap confidence intervals for Krippendorff's α at each level (null where α is undefined).</summary>
/// <param name="Nominal">Interval for nominal α.</param>
/// <param name="Ordinal">Interval for ordinal α.</param>
/// <param name="Interval">Interval for interval α.</param>
/// <param name="Ratio">Interval for ratio α.</param>
public sealed record KrippendorffAlphaIntervals(
    [property: JsonPropertyName("nominal")] ConfidenceInterval? Nominal,
    [property: JsonPropertyName("ordinal")] ConfidenceInterval? Ordinal,
    [property: JsonPropertyName("interval")] ConfidenceInterval? Interval,
    [property: JsonPropertyName("ratio")] ConfidenceInterval? Ratio);
