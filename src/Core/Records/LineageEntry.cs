using System.Text.Json;
using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// One step in a sample's history: which stage touched it, with which model, prompt and sampling settings.
/// Enough to reproduce the step. Immutable.
/// </summary>
public sealed record LineageEntry
{
    /// <summary>The stage name, e.g. <c>generate:backtranslation</c>.</summary>
    [JsonPropertyName("stage")] public required string Stage { get; init; }

    /// <summary>The component that made the step when it is not a model call (e.g. <c>pii@1.0.0</c> for a filter).</summary>
    [JsonPropertyName("component")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Component { get; init; }

    /// <summary>The component's parameters (its effective options), when <see cref="Component"/> is set.</summary>
    [JsonPropertyName("parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Parameters { get; init; }

    /// <summary>The model id used, if any.</summary>
    [JsonPropertyName("model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    /// <summary>The model's fingerprint (GGUF sha256, or endpoint + model id).</summary>
    [JsonPropertyName("model_fingerprint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ModelFingerprint { get; init; }

    /// <summary>The prompt id (file name without extension).</summary>
    [JsonPropertyName("prompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptId { get; init; }

    /// <summary>SHA-256 (hex) of the prompt file's bytes.</summary>
    [JsonPropertyName("prompt_sha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptSha256 { get; init; }

    /// <summary>Sampling parameters (temperature, top_p, max tokens…).</summary>
    [JsonPropertyName("sampling")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Sampling { get; init; }

    /// <summary>The seed used for this step.</summary>
    [JsonPropertyName("seed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seed { get; init; }

    /// <summary>Prompt tokens consumed.</summary>
    [JsonPropertyName("tokens_in")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TokensIn { get; init; }

    /// <summary>Completion tokens produced.</summary>
    [JsonPropertyName("tokens_out")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TokensOut { get; init; }

    /// <summary>Of <see cref="TokensOut"/>, the tokens spent on the reasoning trace (when the model reasoned and the count is known).</summary>
    [JsonPropertyName("reasoning_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ReasoningTokens { get; init; }

    /// <summary>Wall-clock duration of the step in milliseconds.</summary>
    [JsonPropertyName("duration_ms")] public double DurationMs { get; init; }
}
