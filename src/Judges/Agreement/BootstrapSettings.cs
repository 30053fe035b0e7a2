using System.Text.Json.Serialization;

namespace MidTrain.Judges.Agreement;

/// <summary>How the confidence intervals of a report were computed.</summary>
/// <param name="Resamples">Bootstrap resamples of the items (0: no intervals).</param>
/// <param name="Seed">Seed of the resampling; the same seed and data give the same intervals.</param>
/// <param name="Confidence">Two-sided confidence level (0.95).</param>
public sealed record BootstrapSettings(
    [property: JsonPropertyName("resamples")] int Resamples,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("confidence")] double Confidence);
