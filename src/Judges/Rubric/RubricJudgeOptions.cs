using MidTrain.Core.Configuration;

namespace MidTrain.Judges.Rubric;

/// <summary>
/// Options of a <see cref="RubricJudge"/>. Validated once when the judge is built (a
/// <see cref="OptionsValidationException"/> names the YAML key); the judge copies the values, so changing the options
/// afterwards has no effect on it.
/// </summary>
public sealed class RubricJudgeOptions : IValidatableOptions
{
    /// <summary>The judge model's name as configured (YAML <c>model</c>); written as <c>Judgement.Judge</c> and into label raters.</summary>
    [ConfigIgnore]
    public string JudgeName { get; set; } = "judge";

    /// <summary>Sampling temperature (YAML <c>temperature</c>); null uses the prompt's, and 0 when the prompt sets none.</summary>
    public double? Temperature { get; set; }

    /// <summary>The sampling seed sent with every request (YAML <c>seed</c>; typically the run seed); a seed in the prompt file wins.</summary>
    [ConfigIgnore]
    public long Seed { get; set; }

    /// <summary>Model calls per judgement (YAML <c>max_attempts</c>, 1–10): the first plus retries with a correction after an unusable reply.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Alternatives per token to ask for (YAML <c>top_logprobs</c>, 0–20) so the score distribution can be recorded; 0 asks
    /// for none. Backends that do not expose token probabilities ignore it and judgements then have no distribution.
    /// </summary>
    public int TopLogprobs { get; set; } = 5;

    /// <summary>Checks every value.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range; <see cref="OptionsValidationException.Key"/> is its YAML key.</exception>
    public void Validate()
    {
        JudgeOptionRules.Validate(JudgeName, Temperature, MaxAttempts);
        if (TopLogprobs is < 0 or > 20)
        {
            throw new OptionsValidationException("top_logprobs", $"must be between 0 and 20, got {TopLogprobs}");
        }
    }
}
