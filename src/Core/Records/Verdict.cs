using System.Text.Json;
using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// The result of one <see cref="Contracts.IVerifier"/> on one sample. "Could not verify" is
/// <see cref="VerdictOutcome.Invalid"/> with a reason, not an exception and not a failure. Immutable.
/// </summary>
public sealed record Verdict
{
    /// <summary>
    /// Verifier name, e.g. <c>math</c>, <c>code</c>, <c>citation</c>. Verifiers created through a factory get it stamped
    /// (<see cref="Components.StampingVerifier"/>), so implementations may leave it empty.
    /// </summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>Verifier version, so a verdict can be traced to the code that made it (stamped like <see cref="Name"/>).</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = string.Empty;

    /// <summary>The outcome.</summary>
    [JsonPropertyName("outcome")] public required VerdictOutcome Outcome { get; init; }

    /// <summary>Optional numeric score (e.g. fraction of tests passed, alignment identity).</summary>
    [JsonPropertyName("score")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }

    /// <summary>Human-readable reason for the outcome.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>Verifier-specific details (extracted answers, per-quote alignments, stdout…).</summary>
    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Details { get; init; }

    /// <summary>Wall-clock time the check took, in milliseconds.</summary>
    [JsonPropertyName("duration_ms")] public double DurationMs { get; init; }

    /// <summary>Shorthand for an <see cref="VerdictOutcome.Invalid"/> verdict.</summary>
    public static Verdict Invalid(string name, string version, string reason) =>
        new() { Name = name, Version = version, Outcome = VerdictOutcome.Invalid, Reason = reason };
}
