using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The <c>kind: judge</c> reward's keys: one rubric criterion on one model of the file's <c>models:</c> section. The
/// sampling keys (<c>temperature</c>, <c>max_attempts</c>, <c>top_logprobs</c>) are the rubric judge's, bound from the
/// same mapping. The score is the judge's, normalised to 0–1 over the criterion's scale.
/// </summary>
public sealed class JudgeRewardOptions : IValidatableOptions
{
    /// <summary>The judge model: a name under <c>models:</c>.</summary>
    [Required]
    public string? Model { get; set; }

    /// <summary>A built-in criterion (e.g. <c>instruction_following</c>) or the path of a <c>.yaml</c> rubric prompt.</summary>
    [Required]
    public string? Criterion { get; set; }

    /// <summary>A bound on the reply's string fields (the rationale), so constrained decoding closes them.</summary>
    [Range(1, 1_000_000)]
    public int? MaxFieldChars { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new OptionsValidationException("model", "must name a model under models:");
        }

        if (string.IsNullOrWhiteSpace(Criterion))
        {
            throw new OptionsValidationException("criterion", "must name a criterion or a rubric prompt file");
        }
    }
}
