using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Limits;

namespace MidTrain.Orchestrator.Config;

/// <summary>A parsed pipeline YAML (DESIGN §5b). Immutable after loading.</summary>
public sealed class PipelineConfig
{
    /// <summary>The pipeline name.</summary>
    public required string Name { get; init; }

    /// <summary>The run seed.</summary>
    public required long Seed { get; init; }

    /// <summary>The corpus.</summary>
    public required CorpusOptions Input { get; init; }

    /// <summary>Model definitions by name (bound by the model layer when a stage first uses them).</summary>
    public required IReadOnlyDictionary<string, ConfigMapping> Models { get; init; }

    /// <summary>The stages, in order.</summary>
    public required IReadOnlyList<StageSpec> Stages { get; init; }

    /// <summary>The output directory (<c>output.dir</c>), or null.</summary>
    public string? OutputDir { get; init; }

    /// <summary>What to do with bad input lines: <c>skip</c> (into failed.jsonl, the default) or <c>fail</c> (abort).</summary>
    public string OnBadInput => Input.OnBadInput == BadInputMode.Fail ? "fail" : "skip";

    /// <summary>The configuration file path.</summary>
    public required string File { get; init; }

    /// <summary>The directory relative paths in the configuration are resolved against.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>SHA-256 of the configuration file's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The configuration as JSON (for the manifest).</summary>
    public required JsonObject Json { get; init; }

    /// <summary>
    /// SHA-256 of the configuration's canonical JSON without its <c>budget</c> and <c>target</c> sections: what
    /// <c>--resume</c> compares (a raised budget or target may continue a run; any other change may not). Empty when
    /// the configuration was built in code without it (then <see cref="Sha256"/> is compared).
    /// </summary>
    public string PipelineSha256 { get; init; } = string.Empty;

    /// <summary>The <c>budget:</c> section, or null.</summary>
    public BudgetOptions? Budget { get; init; }

    /// <summary>The <c>target:</c> section, or null.</summary>
    public TargetOptions? Target { get; init; }

    /// <summary>The extra top-level sections (<c>card:</c>, …) as written, by key.</summary>
    public IReadOnlyDictionary<string, ConfigMapping> Sections { get; init; } = new Dictionary<string, ConfigMapping>();

    /// <summary>Resolves a path from the configuration (see <see cref="ConfigPaths.Resolve"/>).</summary>
    public string ResolvePath(string path) => File == "-" ? path : ConfigPaths.Resolve(path, BaseDirectory);
}
