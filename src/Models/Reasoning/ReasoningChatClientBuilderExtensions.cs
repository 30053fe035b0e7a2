using Microsoft.Extensions.AI;
using MidTrain.Core.Reasoning;

namespace MidTrain.Models.Reasoning;

/// <summary>Adds inline reasoning-trace separation to a chat client pipeline.</summary>
public static class ReasoningChatClientBuilderExtensions
{
    /// <summary>
    /// Moves traces written in the reply text between <paramref name="tags"/> (where <paramref name="start"/> allows
    /// them to begin) into <see cref="TextReasoningContent"/>, so the response text is the answer alone; fills the
    /// reasoning token count when the backend reports none. Thread-safe.
    /// </summary>
    public static ChatClientBuilder UseReasoning(this ChatClientBuilder builder, ReasoningTags tags, ReasoningStart start = ReasoningStart.Detect)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tags);
        tags.EnsureUsable();
        return builder.Use(inner => new ReasoningChatClient(inner, tags, start));
    }
}
