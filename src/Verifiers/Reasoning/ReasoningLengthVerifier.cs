using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// <c>verify: reasoning_length</c>: the trace's length in characters (and tokens, with a tokenizer) within bounds, and
/// its ratio to the answer's length at most <see cref="ReasoningLengthOptions.MaxRatio"/> — DeepSeek-V3's report names
/// overthinking and excessive length among the faults of R1-generated data. <c>fail</c> names the first bound broken;
/// <c>invalid</c> when the sample has no trace. Details: <c>chars</c>, <c>tokens</c>, <c>answer_chars</c>,
/// <c>ratio</c>. Thread-safe when the token counter is.
/// </summary>
public sealed class ReasoningLengthVerifier : ReasoningTraceVerifier<ReasoningLengthOptions>
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "reasoning_length";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";

    private readonly Func<string, int>? _countTokens;

    /// <summary>Creates the verifier; <paramref name="countTokens"/> counts tokens when token bounds are set.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    public ReasoningLengthVerifier(ReasoningLengthOptions options, Func<string, int>? countTokens = null)
        : base(options, VerifierName, VerifierVersion)
    {
        _countTokens = countTokens;
        if ((options.MinTokens ?? options.MaxTokens) is not null && countTokens is null)
        {
            throw new ArgumentException("token bounds need a token counter", nameof(countTokens));
        }
    }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, ReasoningTrace trace, CancellationToken cancellationToken)
    {
        var chars = trace.Text!.Length;
        var answerChars = trace.Answer.Trim().Length;
        int? tokens = _countTokens is { } count && (Options.MinTokens ?? Options.MaxTokens) is not null ? count(trace.Text) : null;
        double? ratio = answerChars == 0 ? null : System.Math.Round((double)chars / answerChars, 3);
        string? fault = null;
        if (chars < Options.MinChars)
        {
            fault = $"the trace has {chars} characters, fewer than {Options.MinChars}";
        }
        else if (Options.MaxChars is { } maxChars && chars > maxChars)
        {
            fault = $"the trace has {chars} characters, more than {maxChars}";
        }
        else if (Options.MinTokens is { } minTokens && tokens < minTokens)
        {
            fault = $"the trace has {tokens} tokens, fewer than {minTokens}";
        }
        else if (Options.MaxTokens is { } maxTokens && tokens > maxTokens)
        {
            fault = $"the trace has {tokens} tokens, more than {maxTokens}";
        }
        else if (Options.MaxRatio is { } maxRatio && (answerChars == 0 || (double)chars / answerChars > maxRatio))
        {
            fault = answerChars == 0
                ? "the trace has no answer to measure it against"
                : $"the trace is {ratio!.Value.ToString("0.#", CultureInfo.InvariantCulture)}× as long as the answer, more than {maxRatio.ToString(CultureInfo.InvariantCulture)}× (overthinking)";
        }

        var details = new JsonObject { ["chars"] = chars, ["tokens"] = tokens, ["answer_chars"] = answerChars, ["ratio"] = ratio };
        return PassOrFail(fault, $"the trace has {chars} characters{(tokens is { } t ? $" ({t} tokens)" : string.Empty)}, within bounds", details);
    }
}
