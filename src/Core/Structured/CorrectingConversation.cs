using Microsoft.Extensions.AI;

namespace MidTrain.Core.Structured;

/// <summary>
/// The one retry loop for structured replies, shared by generators (<see cref="StructuredChat"/>) and judges: when a
/// reply cannot be used, the reply and a correction naming the problem are appended to the conversation and the model
/// is asked again, up to a bounded number of attempts. Transport errors and cancellation propagate; an unusable reply
/// after the last attempt is returned as data (<see cref="ConversationOutcome{T}.Value"/> null), so the caller decides
/// whether that is a failed record or an invalid judgement. Thread-safe (no state).
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
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            response = await client.GetResponseAsync(conversation, createOptions(), cancellationToken).ConfigureAwait(false);
            tokensIn += response.Usage?.InputTokenCount ?? 0;
            tokensOut += response.Usage?.OutputTokenCount ?? 0;
            raw = response.Text ?? string.Empty;
            (var value, problem) = parse(raw);
            if (value is not null)
            {
                return new ConversationOutcome<T>(value, raw, response, attempt, null, tokensIn, tokensOut);
            }

            if (attempt < maxAttempts)
            {
                conversation.Add(new ChatMessage(ChatRole.Assistant, raw));
                conversation.Add(new ChatMessage(ChatRole.User, correction(problem ?? "the reply could not be read")));
            }
        }

        return new ConversationOutcome<T>(null, raw, response, maxAttempts, problem, tokensIn, tokensOut);
    }
}
