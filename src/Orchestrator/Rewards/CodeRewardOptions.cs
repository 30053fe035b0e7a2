using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The <c>kind: code</c> reward's keys. The tests come from each item's <c>ground_truth</c>; the sandbox (pool size,
/// limits, toolchains) is the one of the file's top-level <c>sandbox:</c> section, shared by every code reward and
/// <c>/run_code</c>.
/// </summary>
public sealed class CodeRewardOptions : IValidatableOptions
{
    /// <summary>All-or-nothing (default) or the share of tests passed.</summary>
    public CodeScoring Scoring { get; set; } = CodeScoring.All;

    /// <summary>The language when neither the ground truth nor <c>extra_info</c> names one (default <c>python</c>).</summary>
    public string Language { get; set; } = "python";

    /// <summary>Wall-clock limit of one test run when the ground truth sets none (<c>timeout_s</c>; null: the sandbox's default).</summary>
    [ConfigKey("timeout_s")]
    public TimeSpan? Timeout { get; set; }

    /// <summary>Memory limit of one test run in MiB when the ground truth sets none (null: the sandbox's default).</summary>
    public int? MemoryMb { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Language))
        {
            throw new OptionsValidationException("language", "must name a language");
        }

        if (Timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("timeout_s", "must be positive");
        }

        if (MemoryMb is < 1)
        {
            throw new OptionsValidationException("memory_mb", "must be positive");
        }
    }
}
