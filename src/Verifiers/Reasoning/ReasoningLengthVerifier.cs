using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// <c>verify: reasoning_length</c>: the trace's length in characters (and tokens, with a tokenizer) within bounds, and
/// its ratio to the answer's length at most <see cref="ReasoningLengthOptions.MaxRatio"/> — DeepSeek-V3's report names
/// overthinking and excessive length among the faults of R1-generated data. <c>fail</c> names the first bound broken;
/// <c>invalid</c> when the sample has no trace. Details: <c>chars</c>, <c>tokens</c>, <c>answer_chars</c>,
/// <c>ratio</c>. Thread-safe when the token counter is.
/// </summary>
public sealed class ReasoningLengthVerifier : IVerifier
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "reasoning_length";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";

    private readonly ReasoningLengthOptions _options;
    private readonly Func<string, int>? _countTokens;

    /// <summary>Creates the verifier; <paramref name="countTokens"/> counts tokens when token bounds are set.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    public ReasoningLengthVerifier(ReasoningLengthOptions options, Func<string, int>? countTokens = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _countTokens = countTokens;
        if ((options.MinTokens ?? options.MaxTokens) is not null && countTokens is null)
        {
            throw new ArgumentException("token bounds need a token counter", nameof(countTokens));
        }
    }

    /// <inheritdoc />
    public string Name => VerifierName;

    /// <inheritdoc />
    public string Version => VerifierVersion;

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        cancellationToken.ThrowIfCancellationRequested();
        if (SampleTrace.Read(sample, _options.TraceTags, out var problem) is not { } trace)
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, problem!));
        }

        var chars = trace.Text!.Length;
        var answerChars = trace.Answer.Trim().Length;
        int? tokens = _countTokens is { } count && (_options.MinTokens ?? _options.MaxTokens) is not null ? count(trace.Text) : null;
        double? ratio = answerChars == 0 ? null : System.Math.Round((double)chars / answerChars, 3);
        string? fault = null;
        if (chars < _options.MinChars)
        {
            fault = $"the trace has {chars} characters, fewer than {_options.MinChars}";
        }
        else if (_options.MaxChars is { } maxChars && chars > maxChars)
        {
            fault = $"the trace has {chars} characters, more than {maxChars}";
        }
        else if (_options.MinTokens is { } minTokens && tokens < minTokens)
        {
            fault = $"the trace has {tokens} tokens, fewer than {minTokens}";
        }
        else if (_options.MaxTokens is { } maxTokens && tokens > maxTokens)
        {
            fault = $"the trace has {tokens} tokens, more than {maxTokens}";
        }
        else if (_options.MaxRatio is { } maxRatio && (answerChars == 0 || (double)chars / answerChars > maxRatio))
        {
            fault = answerChars == 0
                ? "the trace has no answer to measure it against"
                : $"the trace is {ratio!.Value.ToString("0.#", CultureInfo.InvariantCulture)}× as long as the answer, more than {maxRatio.ToString(CultureInfo.InvariantCulture)}× (overthinking)";
        }

        var details = new JsonObject { ["chars"] = chars, ["tokens"] = tokens, ["answer_chars"] = answerChars, ["ratio"] = ratio };
        return ValueTask.FromResult(new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = fault is null ? VerdictOutcome.Pass : VerdictOutcome.Fail,
            Reason = fault ?? $"the trace has {chars} characters{(tokens is { } t ? $" ({t} tokens)" : string.Empty)}, within bounds",
            Details = JsonSerializer.SerializeToElement(details, JsonDefaults.Options),
        });
    }
}
