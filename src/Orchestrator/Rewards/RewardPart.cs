using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>One part of a <c>kind: combine</c> reward: another reward of the file and its weight.</summary>
public sealed class RewardPart : IValidatableOptions
{
    /// <summary>The name of the reward (under <c>rewards:</c>).</summary>
    [Required]
    public string? Reward { get; set; }

    /// <summary>Its weight in the sum (default 1).</summary>
    public double Weight { get; set; } = 1;

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Reward))
        {
            throw new OptionsValidationException("reward", "must name a reward");
        }

        if (!double.IsFinite(Weight))
        {
            throw new OptionsValidationException("weight", "must be a finite number");
        }
    }
}
