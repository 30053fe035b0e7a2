using System.Text.Json;
using System.Text.Json.Serialization;

namespace MidTrain.Orchestrator.Pipeline;

/// <summary>Why a stage rejected an item: written as the <c>rejection</c> field of its line in <c>rejected.jsonl</c>.</summary>
public sealed record Rejection
{
    /// <summary>The rejecting stage.</summary>
    [JsonPropertyName("stage")] public required string Stage { get; init; }

    /// <summary>A short human-readable reason.</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }

    /// <summary>The criterion, verifier or rule that rejected the item (e.g. <c>answerable</c>, <c>math</c>).</summary>
    [JsonPropertyName("by")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? By { get; init; }

    /// <summary>The verdict or judgement that rejected it, serialized.</summary>
    [JsonPropertyName("evidence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Evidence { get; init; }
}
