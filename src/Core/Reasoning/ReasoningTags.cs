namespace MidTrain.Core.Reasoning;

/// <summary>
/// The tags that delimit a reasoning trace written inline in a model's text, e.g. <c>&lt;think&gt;…&lt;/think&gt;</c>
/// (DeepSeek-R1, QwQ, Qwen3). <see cref="Split"/> separates a leading trace from the answer after it. Immutable and
/// thread-safe.
/// </summary>
/// <param name="Open">The opening tag, e.g. <c>&lt;think&gt;</c>.</param>
/// <param name="Close">The closing tag, e.g. <c>&lt;/think&gt;</c>.</param>
public sealed record ReasoningTags(string Open, string Close)
{
    /// <summary>The default tags <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c>.</summary>
    public static ReasoningTags Think { get; } = new("<think>", "</think>");

    /// <summary>
    /// Separates the reasoning trace that leads <paramref name="text"/> from the answer after it. A trace is recognised
    /// when the text (after leading whitespace) starts with <see cref="Open"/>; with <see cref="ReasoningStart.Detect"/>
    /// also when the text holds <see cref="Close"/> with no <see cref="Open"/> before it (the chat template opened the
    /// trace in the prompt, as DeepSeek-R1's and QwQ's do); with <see cref="ReasoningStart.Prompt"/> always. A trace that
    /// is never closed takes the whole rest of the text (<see cref="ReasoningTraceStatus.Unterminated"/>, answer empty).
    /// The trace is trimmed; the answer loses the whitespace between the closing tag and its first character. A text
    /// with no trace is returned whole as the answer.
    /// </summary>
    public ReasoningSplit Split(string text, ReasoningStart start = ReasoningStart.Detect)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = 0;
        while (first < text.Length && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        int traceStart;
        if (Open.Length > 0 && text.AsSpan(first).StartsWith(Open, StringComparison.Ordinal))
        {
            traceStart = first + Open.Length;
        }
        else
        {
            var close = start == ReasoningStart.Tag || Close.Length == 0 ? -1 : text.IndexOf(Close, StringComparison.Ordinal);
            var openedBefore = close >= 0 && Open.Length > 0 && text.AsSpan(0, close).IndexOf(Open, StringComparison.Ordinal) >= 0;
            if (start != ReasoningStart.Prompt && (close < 0 || openedBefore))
            {
                return new ReasoningSplit(null, text, 0, ReasoningTraceStatus.None);
            }

            traceStart = 0;
        }

        var end = Close.Length == 0 ? -1 : text.IndexOf(Close, traceStart, StringComparison.Ordinal);
        if (end < 0)
        {
            return new ReasoningSplit(text[traceStart..].Trim(), string.Empty, text.Length, ReasoningTraceStatus.Unterminated);
        }

        var answerStart = end + Close.Length;
        while (answerStart < text.Length && char.IsWhiteSpace(text[answerStart]))
        {
            answerStart++;
        }

        return new ReasoningSplit(text[traceStart..end].Trim(), text[answerStart..], answerStart, ReasoningTraceStatus.Closed);
    }

    /// <summary>Throws when a tag is empty or the two are equal (a trace could not be told from its end).</summary>
    /// <exception cref="ArgumentException">The tags are unusable.</exception>
    public void EnsureUsable()
    {
        if (string.IsNullOrWhiteSpace(Open) || string.IsNullOrWhiteSpace(Close))
        {
            throw new ArgumentException("reasoning tags must not be empty");
        }

        if (string.Equals(Open, Close, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the opening and closing reasoning tags must differ (both '{Open}')");
        }
    }
}
