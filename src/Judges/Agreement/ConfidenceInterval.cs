using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>A two-sided bootstrap percentile confidence interval.</summary>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public sealed record ConfidenceInterval(
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High);
