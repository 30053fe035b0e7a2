using MidTrain.Core.Configuration;

namespace MidTrain.Judges.Pairwise;

/// <summary>
/// Options of a <see cref="PairwiseJudge"/>. Validated once when the judge is built (a
/// <see cref="OptionsValidationException"/> names the key); the judge copies the values.
/// </summary>
public sealed class PairwiseJudgeOptions
{
    /// <summary>The judge model's name as configured (written into judgements).</summary>
    public string JudgeName { get; set; } = "judge";

    /// <summary>The prompt: a built-in id or a path to a <c>.yaml</c> file with variables <c>question</c>, <c>answer_a</c>, <c>answer_b</c> (and optionally <c>passage</c>) and a reply <c>{rationale, winner}</c>.</summary>
    public string Prompt { get; set; } = "judges/pairwise";

    /// <summary>The folder a relative <see cref="Prompt"/> path is resolved against, or null.</summary>
    public string? PromptBaseDirectory { get; set; }

    /// <summary>Sampling temperature; null uses the prompt's, and 0 when the prompt sets none.</summary>
    public double? Temperature { get; set; }

    /// <summary>The sampling seed sent with every request; a seed in the prompt file wins.</summary>
    public long Seed { get; set; }

    /// <summary>Model calls per order (1–10): the first plus retries with a correction after an unusable reply.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Checks every value.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        JudgeOptionRules.Validate(JudgeName, Temperature, MaxAttempts);
        if (string.IsNullOrWhiteSpace(Prompt))
        {
            throw new OptionsValidationException("prompt", "the pairwise prompt must not be empty");
        }
    }
}
