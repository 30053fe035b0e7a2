using System.Text.Json;

namespace MidTrain.Core.Prompts;

/// <summary>
/// The sampling settings of a prompt (SK's <c>execution_settings.default</c>): temperature, top-p, max tokens, seed,
/// and an optional JSON Schema for structured output (<c>response_format: {type: json_schema, json_schema: {name, schema}}</c>).
/// </summary>
public sealed record PromptExecutionSettings
{
    /// <summary>Sampling temperature, or null for the backend default.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling probability mass, or null.</summary>
    public double? TopP { get; init; }

    /// <summary>Maximum output tokens, or null.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>A fixed seed, or null (the pipeline then passes a per-item seed derived from the run seed).</summary>
    public long? Seed { get; init; }

    /// <summary>The JSON Schema the output must match, or null for free text.</summary>
    public JsonElement? JsonSchema { get; init; }

    /// <summary>The schema's name (for <c>response_format</c>).</summary>
    public string? SchemaName { get; init; }
}
