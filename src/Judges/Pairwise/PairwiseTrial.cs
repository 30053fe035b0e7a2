using System.Text.Json.Serialization;

namespace MidTrain.Judges.Pairwise;

/// <summary>
/// One of the two judgements of a pair: the answers shown in one order. <see cref="Position"/> is the verdict as the
/// judge gave it (A = the answer shown first); <see cref="Winner"/> maps it back to the pair's own A and B.
/// An unusable reply after the retries makes the trial invalid (both null).
/// </summary>
public sealed record PairwiseTrial
{
    /// <summary>Whether the pair's answer B was shown first.</summary>
    [JsonPropertyName("swapped")] public required bool Swapped { get; init; }

    /// <summary>The verdict by position (A = shown first), or null when invalid.</summary>
    [JsonPropertyName("position")]
    public PairwiseWinner? Position { get; init; }

    /// <summary>The verdict mapped to the pair's own answers, or null when invalid.</summary>
    [JsonPropertyName("winner")]
    public PairwiseWinner? Winner { get; init; }

    /// <summary>Whether a verdict was obtained.</summary>
    [JsonPropertyName("valid")] public bool IsValid => Winner is not null;

    /// <summary>The judge's rationale, or why the trial is invalid.</summary>
    [JsonPropertyName("rationale")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rationale { get; init; }

    /// <summary>The raw reply.</summary>
    [JsonPropertyName("raw")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RawOutput { get; init; }
}
