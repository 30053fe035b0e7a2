using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Models.Pricing;

/// <summary>
/// What a model costs (the <c>price:</c> key of a <c>models:</c> entry), in US dollars per million tokens. MidTrain
/// ships no price list: prices are whatever the pipeline file says, so the cost in progress, manifest and dataset card
/// is as right as those numbers. Reasoning tokens are billed as output tokens: OpenAI-compatible servers include them
/// in <c>completion_tokens</c>, so they are in <see cref="UsageTotals.OutputTokens"/> already and never counted twice.
/// Defaults live here only; immutable once bound.
/// </summary>
public sealed class ModelPrice : IValidatableOptions
{
    /// <summary>Dollars per million prompt tokens (<c>input_per_mtok</c>).</summary>
    [Range(0, 1_000_000)]
    public double InputPerMtok { get; set; }

    /// <summary>Dollars per million completion tokens, reasoning included (<c>output_per_mtok</c>).</summary>
    [Range(0, 1_000_000)]
    public double OutputPerMtok { get; set; }

    /// <summary>Dollars per million prompt tokens served from the provider's prompt cache (<c>cached_input_per_mtok</c>; default: the input price).</summary>
    [Range(0, 1_000_000)]
    public double? CachedInputPerMtok { get; set; }

    /// <summary>
    /// Fraction taken off every price for requests sent through a batch API (<c>batch: true</c>), e.g. 0.5 for OpenAI's
    /// Batch API (<c>batch_discount</c>; default 0: no discount unless the pipeline file says so).
    /// </summary>
    [Range(0, 1)]
    public double BatchDiscount { get; set; }

    /// <summary>The cost in dollars of <paramref name="usage"/>; with <paramref name="batch"/> the batch discount applies.</summary>
    public double CostUsd(UsageTotals usage, bool batch = false)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var cached = Math.Min(usage.CachedInputTokens, usage.InputTokens);
        var full = (usage.InputTokens - cached) * InputPerMtok
            + cached * (CachedInputPerMtok ?? InputPerMtok)
            + usage.OutputTokens * OutputPerMtok;
        return full / 1_000_000 * (batch ? 1 - BatchDiscount : 1);
    }

    /// <inheritdoc />
    public void Validate()
    {
        if (CachedInputPerMtok > InputPerMtok)
        {
            throw new OptionsValidationException("cached_input_per_mtok", $"is above input_per_mtok ({InputPerMtok}): a cached prompt token never costs more than an uncached one");
        }
    }
}
