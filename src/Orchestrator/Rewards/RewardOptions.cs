using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The keys every reward under <c>rewards:</c> has: its <c>kind</c> (<c>math</c>, <c>code</c>, <c>citation</c>,
/// <c>judge</c>, <c>combine</c>, or any other verifier of <c>verify:</c>), the <c>data_sources</c> routed to it besides its
/// own name, and the score of an item that could not be checked. The kind's own keys are bound from the same mapping by
/// the kind's options. Validated by the binder.
/// </summary>
public sealed class RewardOptions : IValidatableOptions
{
    /// <summary>What computes the reward.</summary>
    [Required]
    public string? Kind { get; set; }

    /// <summary>
    /// Values of an item's <c>data_source</c> routed to this reward, besides the reward's own name (e.g.
    /// <c>[openai/gsm8k, gsm8k_test]</c>). A data source may belong to one reward only.
    /// </summary>
    public IReadOnlyList<string> DataSources { get; set; } = [];

    /// <summary>
    /// The score of an item the reward could not check (outcome <c>invalid</c>: an unparseable gold answer, a sandbox
    /// failure, an unusable judge reply…). Default 0. The reason is in the result either way.
    /// </summary>
    public double InvalidScore { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Kind))
        {
            throw new OptionsValidationException("kind", "must name what computes the reward (math, code, citation, judge, combine or a verifier)");
        }

        if (!double.IsFinite(InvalidScore))
        {
            throw new OptionsValidationException("invalid_score", "must be a finite number");
        }

        if (DataSources.Any(string.IsNullOrWhiteSpace))
        {
            throw new OptionsValidationException("data_sources", "must not contain empty names");
        }
    }
}
