using MidTrain.Core.Records;

namespace MidTrain.Core.Reasoning;

/// <summary>
/// The reasoning trace and the answer of one assistant message, wherever the trace is kept: in the message's
/// <see cref="Message.Reasoning"/> field, or inline in its content between tags. Immutable.
/// </summary>
/// <param name="Text">The trace (null when the message has none).</param>
/// <param name="Answer">The answer: the content without the trace.</param>
/// <param name="Inline">True when the trace was read from the content.</param>
/// <param name="Status">Whether there was a trace and whether it was closed.</param>
public sealed record ReasoningTrace(string? Text, string Answer, bool Inline, ReasoningTraceStatus Status)
{
    /// <summary>
    /// Reads the trace of <paramref name="message"/>: its reasoning field if set, else an inline trace delimited by
    /// <paramref name="tags"/> that begins where <paramref name="start"/> allows (default: at a leading opening tag, as
    /// a reasoning template writes it).
    /// </summary>
    public static ReasoningTrace Of(Message message, ReasoningTags tags, ReasoningStart start = ReasoningStart.Tag)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(tags);
        if (message.Reasoning is { } separate)
        {
            return new ReasoningTrace(separate, message.Content, Inline: false, ReasoningTraceStatus.Closed);
        }

        var split = tags.Split(message.Content, start);
        return new ReasoningTrace(split.Reasoning, split.Answer, Inline: split.Status != ReasoningTraceStatus.None, split.Status);
    }
}
