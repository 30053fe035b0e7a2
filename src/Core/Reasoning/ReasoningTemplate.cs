namespace MidTrain.Core.Reasoning;

/// <summary>
/// How a trace is written into an assistant message's content (<see cref="ReasoningMode.Keep"/>, or shown to a judge):
/// a text with the placeholders <c>{reasoning}</c> and <c>{answer}</c>, reasoning first, e.g. the default
/// <c>&lt;think&gt;\n{reasoning}\n&lt;/think&gt;\n\n{answer}</c>. The non-blank text before <c>{reasoning}</c> and between
/// the two placeholders are the trace's tags (<see cref="Tags"/>), so a content written with the template can be split
/// again. Immutable and thread-safe.
/// </summary>
public sealed class ReasoningTemplate
{
    /// <summary>The default template text.</summary>
    public const string DefaultText = "<think>\n{reasoning}\n</think>\n\n{answer}";

    private const string ReasoningSlot = "{reasoning}";
    private const string AnswerSlot = "{answer}";

    private readonly string _prefix;
    private readonly string _middle;
    private readonly string _suffix;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text lacks a placeholder, holds one twice, puts the answer first, or has no tags around the trace.</exception>
    public ReasoningTemplate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reasoning = text.IndexOf(ReasoningSlot, StringComparison.Ordinal);
        var answer = text.IndexOf(AnswerSlot, StringComparison.Ordinal);
        if (reasoning < 0 || answer < 0)
        {
            throw new ArgumentException("a reasoning template needs the placeholders {reasoning} and {answer}");
        }

        if (text.IndexOf(ReasoningSlot, reasoning + 1, StringComparison.Ordinal) >= 0 || text.IndexOf(AnswerSlot, answer + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("each placeholder may appear once in a reasoning template");
        }

        if (answer < reasoning)
        {
            throw new ArgumentException("the reasoning comes before the answer in a reasoning template");
        }

        _prefix = text[..reasoning];
        _middle = text[(reasoning + ReasoningSlot.Length)..answer];
        _suffix = text[(answer + AnswerSlot.Length)..];
        Text = text;
        Tags = new ReasoningTags(_prefix.Trim(), _middle.Trim());
        if (Tags.Open.Length == 0 || Tags.Close.Length == 0)
        {
            throw new ArgumentException("a reasoning template needs an opening tag before {reasoning} and a closing tag between {reasoning} and {answer}");
        }

        Tags.EnsureUsable();
    }

    /// <summary>The default template (<see cref="DefaultText"/>).</summary>
    public static ReasoningTemplate Default { get; } = new(DefaultText);

    /// <summary>The template text.</summary>
    public string Text { get; }

    /// <summary>The tags around the trace.</summary>
    public ReasoningTags Tags { get; }

    /// <summary>The content holding <paramref name="reasoning"/> then <paramref name="answer"/>.</summary>
    public string Render(string reasoning, string answer)
    {
        ArgumentNullException.ThrowIfNull(reasoning);
        ArgumentNullException.ThrowIfNull(answer);
        return string.Concat(_prefix, reasoning, _middle, answer, _suffix);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
