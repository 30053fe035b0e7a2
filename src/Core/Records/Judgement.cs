using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// One judge's assessment of one sample on one criterion. A judgement whose output could not be parsed is
/// <see cref="IsValid"/> = false with <see cref="Score"/> null: never a low score. Immutable.
/// </summary>
public sealed record Judgement
{
    /// <summary>The judge model (its configured name or id).</summary>
    [JsonPropertyName("judge")] public required string Judge { get; init; }

    /// <summary>The criterion judged, e.g. <c>answerable</c>.</summary>
    [JsonPropertyName("criterion")] public required string Criterion { get; init; }

    /// <summary>The score (e.g. 1–5), or null when the judgement is invalid.</summary>
    [JsonPropertyName("score")] public double? Score { get; init; }

    /// <summary>Whether a score could be obtained.</summary>
    [JsonPropertyName("valid")] public bool IsValid { get; init; } = true;

    /// <summary>The judge's rationale.</summary>
    [JsonPropertyName("rationale")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rationale { get; init; }

    /// <summary>The raw model output the judgement was parsed from.</summary>
    [JsonPropertyName("raw")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RawOutput { get; init; }

    /// <summary>Probability of each score value where the backend exposes token probabilities (score → p).</summary>
    [JsonPropertyName("distribution")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Distribution { get; init; }

    /// <summary>Expected score Σ p·s under <see cref="Distribution"/>.</summary>
    [JsonPropertyName("expected_score")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ExpectedScore { get; init; }

    /// <summary>Entropy of <see cref="Distribution"/>, in nats.</summary>
    [JsonPropertyName("entropy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Entropy { get; init; }
}
