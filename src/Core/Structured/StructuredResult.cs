using MidTrain.Core.Reasoning;
using System.Text.Json;

namespace MidTrain.Core.Structured;

/// <summary>The outcome of a <see cref="StructuredChat"/> call: the parsed object and what it cost.</summary>
public sealed record StructuredResult
{
    /// <summary>The parsed, schema-valid object.</summary>
    public required JsonElement Value { get; init; }

    /// <summary>The raw text of the accepted reply.</summary>
    public required string Raw { get; init; }

    /// <summary>Model calls made (1 + correction retries).</summary>
    public required int Attempts { get; init; }

    /// <summary>Prompt tokens over all attempts (0 when the backend does not report usage).</summary>
    public long TokensIn { get; init; }

    /// <summary>Completion tokens over all attempts.</summary>
    public long TokensOut { get; init; }

    /// <summary>Of <see cref="TokensOut"/>, the reasoning tokens over all attempts (null when the backend reported none).</summary>
    public long? ReasoningTokens { get; init; }

    /// <summary>
    /// The reasoning trace the model wrote before the accepted reply (<see cref="ChatReasoning"/>), or null.
    /// <see cref="Raw"/> and <see cref="Value"/> come from the answer alone.
    /// </summary>
    public string? Reasoning { get; init; }

    /// <summary>Wall-clock time over all attempts.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The model id the backend reported, if any.</summary>
    public string? ModelId { get; init; }

    /// <summary>The last response (for token log-probabilities and other backend data).</summary>
    public Microsoft.Extensions.AI.ChatResponse? Response { get; init; }
}
