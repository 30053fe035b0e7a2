using Microsoft.Extensions.AI;

namespace MidTrain.Judges.Structured;

/// <summary>
/// Asks a chat model for a structured reply with bounded retries: when a reply cannot be used, the reply and a
/// correction naming the problem are appended to the conversation and the model is asked again. Transport errors and
/// cancellation propagate; an unusable reply after the last attempt is returned as data (<see cref="Outcome{T}.Value"/> null).
/// </summary>
internal static class CorrectingConversation
{
    /// <summary>The result of a structured request.</summary>
    /// <param name="Value">The parsed value, or null when every attempt was unusable.</param>
    /// <param name="Raw">The text of the last reply.</param>
    /// <param name="Response">The last response (for log-probabilities), or null when the model was never called.</param>
    /// <param name="Attempts">Model calls made.</param>
    /// <param name="Problem">Why the last reply was unusable, or null.</param>
    internal sealed record Outcome<T>(T? Value, string Raw, ChatResponse? Response, int Attempts, string? Problem)
        where T : class;

    /// <summary>
    /// Sends <paramref name="messages"/> up to <paramref name="maxAttempts"/> times. <paramref name="parse"/> returns the value or
    /// null with a problem; <paramref name="expected"/> describes the reply format in the correction message.
    /// </summary>
    public static async Task<Outcome<T>> AskAsync<T>(
        IChatClient client,
        IReadOnlyList<ChatMessage> messages,
        Func<ChatOptions> createOptions,
        int maxAttempts,
        Func<string, (T? Value, string? Problem)> parse,
        string expected,
        CancellationToken cancellationToken)
        where T : class
    {
        var conversation = new List<ChatMessage>(messages);
        var raw = string.Empty;
        string? problem = null;
        ChatResponse? response = null;
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            // Fresh options per call: a client or middleware may mutate them, and they must not leak between attempts.
            response = await client.GetResponseAsync(conversation, createOptions(), cancellationToken).ConfigureAwait(false);
            raw = response.Text ?? string.Empty;
            (var value, problem) = parse(raw);
            if (value is not null)
            {
                return new Outcome<T>(value, raw, response, attempt, null);
            }

            if (attempt < maxAttempts)
            {
                conversation.Add(new ChatMessage(ChatRole.Assistant, raw));
                conversation.Add(new ChatMessage(ChatRole.User,
                    $"Your reply could not be used: {problem}. Reply again with JSON only, exactly in this form: {expected}."));
            }
        }

        return new Outcome<T>(null, raw, response, maxAttempts, problem);
    }
}
