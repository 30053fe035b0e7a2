using System.Text;
using Microsoft.Extensions.AI;

namespace MidTrain.Core.Reasoning;

/// <summary>
/// The convention by which backends return a model's reasoning through <see cref="IChatClient"/>, the
/// Microsoft.Extensions.AI way: the trace is <see cref="TextReasoningContent"/> in the assistant message, so
/// <see cref="ChatResponse.Text"/> is the answer alone; reasoning tokens are <see cref="UsageDetails.ReasoningTokenCount"/>
/// (part of the output tokens). Read it with <see cref="Of(ChatResponse)"/>. Stateless.
/// </summary>
public static class ChatReasoning
{
    /// <summary>The reasoning trace of <paramref name="response"/> (its reasoning contents, joined), or null when it has none.</summary>
    public static string? Of(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        StringBuilder? text = null;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextReasoningContent { Text: { Length: > 0 } piece })
                {
                    (text ??= new StringBuilder()).Append(piece);
                }
            }
        }

        return text?.ToString();
    }

    /// <summary>
    /// True when <paramref name="response"/> stopped at its token limit while still reasoning: it has a trace, no
    /// answer, and finished for length. Asking again with the same budget rarely helps.
    /// </summary>
    public static bool IsTruncated(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.FinishReason == ChatFinishReason.Length && string.IsNullOrWhiteSpace(response.Text) && Of(response) is not null;
    }
}
