using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The top level of a rewards file (<c>midtrain serve rewards --config rewards.yaml</c>) as the binder reads it:
/// <c>rewards:</c> by name, <c>models:</c> as in a pipeline (for judge rewards), the shared code <c>sandbox:</c>, the
/// <c>default</c> reward for items whose data source names none, the <c>seed</c> judges sample with, and whether
/// <c>/run_code</c> is served.
/// </summary>
internal sealed class RewardsDocument
{
    [Required]
    public Dictionary<string, ConfigMapping>? Rewards { get; set; }

    public Dictionary<string, ConfigMapping> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The code sandbox's keys (as <c>verify: code</c> takes them), for every code reward and <c>/run_code</c>.</summary>
    public ConfigMapping? Sandbox { get; set; }

    /// <summary>The reward of items whose <c>data_source</c> (or <c>reward</c>) names none.</summary>
    public string? Default { get; set; }

    public long Seed { get; set; }

    /// <summary>Serve SandboxFusion's <c>POST /run_code</c> (needs the sandbox; default true).</summary>
    public bool RunCode { get; set; } = true;
}
