using System.Text.Json.Serialization;

namespace MidTrain.Judges.Panel;

/// <summary>
/// A <see cref="JudgePanel"/>'s decision on one sample: the outcome, the criterion (and judge model) responsible for a
/// rejection, a readable reason and the aggregate score. Serializes to the snake_case JSON written as the evidence of a
/// rejection. Immutable.
/// </summary>
public sealed record PanelDecision
{
    /// <summary>Whether the sample passes.</summary>
    [JsonPropertyName("accepted")] public bool Accepted => Outcome == PanelOutcome.Accepted;

    /// <summary>The outcome.</summary>
    [JsonPropertyName("outcome")]
    public required PanelOutcome Outcome { get; init; }

    /// <summary>The aggregation used.</summary>
    [JsonPropertyName("aggregate")]
    public required PanelAggregation Aggregate { get; init; }

    /// <summary>The criterion that rejected (or failed) the sample; null when accepted.</summary>
    [JsonPropertyName("criterion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Criterion { get; init; }

    /// <summary>The judge model of an invalid judgement that decided the outcome; null otherwise.</summary>
    [JsonPropertyName("judge")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Judge { get; init; }

    /// <summary>Whether the outcome comes from an invalid judgement rather than from scores.</summary>
    [JsonPropertyName("invalid")] public bool Invalid { get; init; }

    /// <summary>A readable reason, e.g. <c>answerable scored 2, below its threshold 4</c>.</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }

    /// <summary>
    /// The aggregate: the lowest criterion score (<c>all</c>), the mean (<c>mean</c>), the weighted mean
    /// (<c>weighted</c>) or the fraction of passing votes (<c>majority</c>); null when a judgement was invalid.
    /// </summary>
    [JsonPropertyName("score")] public double? Score { get; init; }
}
