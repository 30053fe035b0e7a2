using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The <c>kind: combine</c> reward's key: a weighted sum of other rewards of the file,
/// <c>parts: [{reward: a, weight: 0.7}, {reward: b, weight: 0.3}]</c>. Weights are used as given (make them sum to 1
/// for a 0–1 score).
/// </summary>
public sealed class CombineRewardOptions : IValidatableOptions
{
    /// <summary>The parts, at least one.</summary>
    public IReadOnlyList<RewardPart> Parts { get; set; } = [];

    /// <inheritdoc />
    public void Validate()
    {
        if (Parts.Count == 0)
        {
            throw new OptionsValidationException("parts", "list at least one part: [{reward: NAME, weight: W}, ...]");
        }

        var duplicate = Parts.GroupBy(p => p.Reward, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new OptionsValidationException("parts", $"reward '{duplicate.Key}' is listed twice");
        }
    }
}
