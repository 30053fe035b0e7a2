using Microsoft.Extensions.AI;
using MidTrain.Core.Reasoning;

namespace MidTrain.Core.Structured;

/// <summary>
/// The one retry loop for structured replies, shared by generators (<see cref="StructuredChat"/>) and judges: when a
/// reply cannot be used, the reply and a correction naming the problem are appended to the conversation and the model
/// is asked again, up to a bounded number of attempts. Transport errors and cancellation propagate; an unusable reply
/// after the last attempt is returned as data (<see cref="ConversationOutcome{T}.Value"/> null), so the caller decides
/// whether that is a failed record or an invalid judgement. Replies are read from the answer alone: a reasoning trace
/// the backend returned as <see cref="TextReasoningContent"/> is neither parsed nor sent back. A reply cut off at the
/// token limit inside its trace ends the conversation at once (<see cref="ConversationOutcome{T}.ReasoningTruncated"/>):
/// another attempt with the same budget would mostly burn it again. Thread-safe (no state).
/// </summary>
public static class CorrectingConversation
{
    /// <summary>Sends <paramref name="messages"/> up to <paramref name="maxAttempts"/> times until <paramref name="parse"/> accepts a reply.</summary>
    /// <param name="client">The model.</param>
    /// <param name="messages">The conversation so far (not modified).</param>
    /// <param name="createOptions">Fresh options per attempt: a client or middleware may mutate them.</param>
    /// <param name="maxAttempts">Model calls at most (1 = no retry).</param>
    /// <param name="parse">Returns the value, or null and the problem (sent back to the model).</param>
    /// <param name="correction">The correction message for a problem.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<ConversationOutcome<T>> AskAsync<T>(
        IChatClient client,
        IEnumerable<ChatMessage> messages,
        Func<ChatOptions> createOptions,
        int maxAttempts,
        Func<string, (T? Value, string? Problem)> parse,
        Func<string, string> correction,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var conversation = new List<ChatMessage>(messages);
        var raw = string.Empty;
        string? problem = null;
        ChatResponse? response = null;
        long tokensIn = 0, tokensOut = 0;
        long? reasoningTokens = null;
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            response = await client.GetResponseAsync(conversation, createOptions(), cancellationToken).ConfigureAwait(false);
            tokensIn += response.Usage?.InputTokenCount ?? 0;
            tokensOut += response.Usage?.OutputTokenCount ?? 0;
            if (response.Usage?.ReasoningTokenCount is { } reasoning)
            {
                reasoningTokens = (reasoningTokens ?? 0) + reasoning;
            }

            raw = response.Text ?? string.Empty;
            if (ChatReasoning.IsTruncated(response))
            {
                return new ConversationOutcome<T>(null, raw, response, attempt, "the reasoning trace was cut off at the token limit before any answer", tokensIn, tokensOut)
                {
                    ReasoningTokens = reasoningTokens,
                    ReasoningTruncated = true,
                };
            }

            (var value, problem) = parse(raw);
            if (value is not null)
            {
                return new ConversationOutcome<T>(value, raw, response, attempt, null, tokensIn, tokensOut) { ReasoningTokens = reasoningTokens };
            }

            if (string.IsNullOrWhiteSpace(raw) && ChatReasoning.Of(response) is not null)
            {
                problem = "the reply holds only a reasoning trace, no answer after it";
            }

            if (attempt < maxAttempts)
            {
                conversation.Add(new ChatMessage(ChatRole.Assistant, raw));
                conversation.Add(new ChatMessage(ChatRole.User, correction(problem ?? "the reply could not be read")));
            }
        }

        return new ConversationOutcome<T>(null, raw, response, maxAttempts, problem, tokensIn, tokensOut) { ReasoningTokens = reasoningTokens };
    }
}
