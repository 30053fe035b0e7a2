using System.Text.Json.Nodes;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// <c>verify: reasoning_format</c>: the last assistant message is one well-formed trace followed by an answer. Inline:
/// the content starts with the opening tag (nothing but whitespace before it), the tags are balanced and not nested,
/// an answer of at least <see cref="ReasoningFormatOptions.MinAnswerChars"/> follows the closing tag, and no tag
/// appears after it (no second trace). Separate (<c>reasoning_content</c>): neither the trace nor the content holds a
/// tag, and the content is a non-blank answer. <c>fail</c> names the first fault; details give the tag counts. A
/// message without a trace fails (or passes with <c>require_trace: false</c>); a sample without an assistant message is
/// <c>invalid</c>. Thread-safe.
/// </summary>
public sealed class ReasoningFormatVerifier : ReasoningVerifier<ReasoningFormatOptions>
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "reasoning_format";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";


    /// <summary>Creates the verifier.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    public ReasoningFormatVerifier(ReasoningFormatOptions options)
        : base(options, VerifierName, VerifierVersion)
    {
    }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, CancellationToken cancellationToken)
    {
        var message = sample.Messages.LastOrDefault(m => m.Role == Message.Assistant);
        if (message is null)
        {
            return Invalid("the sample has no assistant message");
        }

        var (open, close) = (Options.Tags[0], Options.Tags[1]);
        var details = new JsonObject();
        var fault = message.Reasoning is { } separate ? Separate(separate, message.Content, open, close, details) : Inline(message.Content, open, close, details);
        return PassOrFail(fault, "one trace, then the answer", details);
    }

    private string? Separate(string trace, string content, string open, string close, JsonObject details)
    {
        details["trace"] = "separate";
        details["tags_in_trace"] = Count(trace, open) + Count(trace, close);
        details["tags_in_answer"] = Count(content, open) + Count(content, close);
        if (string.IsNullOrWhiteSpace(trace))
        {
            return "the trace is empty";
        }

        if (details["tags_in_trace"]!.GetValue<int>() > 0)
        {
            return $"the trace holds a {open} or {close} tag (a nested or second trace)";
        }

        if (details["tags_in_answer"]!.GetValue<int>() > 0)
        {
            return $"the answer holds a {open} or {close} tag (a second trace)";
        }

        return AnswerFault(content);
    }

    private string? Inline(string content, string open, string close, JsonObject details)
    {
        var opens = Count(content, open);
        var closes = Count(content, close);
        details["trace"] = "inline";
        details["open_tags"] = opens;
        details["close_tags"] = closes;
        if (opens == 0 && closes == 0)
        {
            details["trace"] = null;
            return Options.RequireTrace ? "the answer has no reasoning trace" : null;
        }

        var first = content.AsSpan().TrimStart();
        var leading = content.Length - first.Length;
        var firstOpen = content.IndexOf(open, StringComparison.Ordinal);
        var firstClose = content.IndexOf(close, StringComparison.Ordinal);
        int traceEnd;
        if (firstOpen == leading && (firstClose < 0 || firstOpen < firstClose))
        {
            if (firstClose < 0)
            {
                return "the trace is never closed (cut off?)";
            }

            var nested = content.IndexOf(open, firstOpen + open.Length, StringComparison.Ordinal);
            if (nested >= 0 && nested < firstClose)
            {
                return $"a second {open} opens inside the trace (nested traces)";
            }

            if (string.IsNullOrWhiteSpace(content[(firstOpen + open.Length)..firstClose]))
            {
                return "the trace is empty";
            }

            traceEnd = firstClose + close.Length;
        }
        else if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen))
        {
            if (!Options.AllowOpenedInPrompt)
            {
                return $"the trace has a closing {close} but no opening {open}";
            }

            if (string.IsNullOrWhiteSpace(content[..firstClose]))
            {
                return "the trace is empty";
            }

            traceEnd = firstClose + close.Length;
        }
        else
        {
            return $"text comes before the trace (the content must start with {open})";
        }

        var rest = content[traceEnd..];
        if (rest.Contains(open, StringComparison.Ordinal))
        {
            return $"a second trace opens after the first ({open} in the answer)";
        }

        if (rest.Contains(close, StringComparison.Ordinal))
        {
            return $"a stray {close} follows the trace (unbalanced tags)";
        }

        return AnswerFault(rest);
    }

    private string? AnswerFault(string answer)
    {
        var chars = answer.Trim().Length;
        return chars < Options.MinAnswerChars
            ? chars == 0 ? "no answer follows the trace" : $"the answer after the trace has {chars} characters, fewer than {Options.MinAnswerChars}"
            : null;
    }

    private static int Count(string text, string tag)
    {
        var count = 0;
        for (var at = text.IndexOf(tag, StringComparison.Ordinal); at >= 0; at = text.IndexOf(tag, at + tag.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
