using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// Keys of <c>verify: reasoning_length</c>: bounds on the trace in characters or in tokens of a local model's
/// tokenizer, and on the trace/answer ratio (overthinking: a long trace behind a short answer). Unset bounds are not
/// checked. Defaults live here only.
/// </summary>
public sealed class ReasoningLengthOptions : ReasoningCheckOptions
{
    /// <summary>Fewest characters of trace (default 1: an empty trace fails).</summary>
    [Range(0, int.MaxValue)]
    public int MinChars { get; set; } = 1;

    /// <summary>Most characters of trace (default: unbounded).</summary>
    [Range(1, int.MaxValue)]
    public int? MaxChars { get; set; }

    /// <summary>Fewest tokens of trace (needs <see cref="Tokenizer"/>).</summary>
    [Range(0, int.MaxValue)]
    public int? MinTokens { get; set; }

    /// <summary>Most tokens of trace (needs <see cref="Tokenizer"/>).</summary>
    [Range(1, int.MaxValue)]
    public int? MaxTokens { get; set; }

    /// <summary>A local model (a name under <c>models:</c>) whose tokenizer counts the tokens.</summary>
    public string? Tokenizer { get; set; }

    /// <summary>Most characters of trace per character of answer (e.g. 40; default: unbounded).</summary>
    [Range(0.001, 1e9)]
    public double? MaxRatio { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (MaxChars < MinChars)
        {
            throw new OptionsValidationException("max_chars", $"must be at least min_chars ({MinChars})");
        }

        if (MinTokens is { } min && MaxTokens is { } max && max < min)
        {
            throw new OptionsValidationException("max_tokens", $"must be at least min_tokens ({min})");
        }

        if ((MinTokens ?? MaxTokens) is not null && Tokenizer is null)
        {
            throw new OptionsValidationException(MaxTokens is not null ? "max_tokens" : "min_tokens", "token bounds need tokenizer: MODEL (a local model); or bound the trace with min_chars/max_chars");
        }
    }
}
