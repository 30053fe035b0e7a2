using MidTrain.Core.Reasoning;
using Microsoft.Extensions.AI;

namespace MidTrain.Core.Structured;

/// <summary>The result of <see cref="CorrectingConversation.AskAsync{T}"/>.</summary>
/// <param name="Value">The parsed value, or null when every attempt was unusable.</param>
/// <param name="Raw">The text of the last reply.</param>
/// <param name="Response">The last response (log-probabilities, model id), or null when the model was never called.</param>
/// <param name="Attempts">Model calls made.</param>
/// <param name="Problem">Why the last reply was unusable, or null.</param>
/// <param name="TokensIn">Prompt tokens over all attempts (0 when the backend does not report usage).</param>
/// <param name="TokensOut">Completion tokens over all attempts.</param>
public sealed record ConversationOutcome<T>(T? Value, string Raw, ChatResponse? Response, int Attempts, string? Problem, long TokensIn, long TokensOut)
    where T : class
{
    /// <summary>Of <see cref="TokensOut"/>, the reasoning tokens over all attempts (null when the backend reported none).</summary>
    public long? ReasoningTokens { get; init; }

    /// <summary>
    /// True when the last reply stopped at the token limit inside its reasoning trace, before any answer
    /// (<see cref="ChatReasoning.IsTruncated"/>); the conversation is not retried then.
    /// </summary>
    public bool ReasoningTruncated { get; init; }

    /// <summary>The reasoning trace of the last reply, or null.</summary>
    public string? Reasoning => Response is null ? null : ChatReasoning.Of(Response);
}
