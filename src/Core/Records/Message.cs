using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>One chat turn in OpenAI chat format.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The turn's text.</param>
public sealed record Message(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content)
{
    /// <summary>The system role.</summary>
    public const string System = "system";

    /// <summary>The user role.</summary>
    public const string User = "user";

    /// <summary>The assistant role.</summary>
    public const string Assistant = "assistant";

    /// <summary>
    /// The reasoning trace the model wrote before <see cref="Content"/> (assistant turns), or null. Written as
    /// <c>reasoning_content</c>, the field of DeepSeek's and vLLM's APIs that Qwen3-style chat templates render as a
    /// <c>&lt;think&gt;</c> block, so a training framework applying the model's template gets the trace back.
    /// </summary>
    [JsonPropertyName("reasoning_content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reasoning { get; init; }
}
