using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The <c>kind: math</c> reward's own key; the math verifier's keys (<c>precision</c>, <c>strict</c>,
/// <c>time_bound_ms</c>, <c>max_steps</c>…) are bound from the same mapping.
/// </summary>
public sealed class MathRewardOptions : IValidatableOptions
{
    /// <summary>
    /// The penalty for a solution with no extractable final answer: its score is <c>−format_penalty</c> (default 0, so
    /// such a solution scores like a wrong one). A wrong answer scores 0, a right one 1.
    /// </summary>
    public double FormatPenalty { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (!double.IsFinite(FormatPenalty) || FormatPenalty < 0)
        {
            throw new OptionsValidationException("format_penalty", $"must be 0 or more (the score of an unextractable answer is its negative), got {FormatPenalty}");
        }
    }
}
