using Microsoft.Extensions.Logging;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Stages;

/// <summary>What a stage factory may use while building a stage: the configuration, the run seed, logging.</summary>
public sealed class StageBuildContext
{
    /// <summary>The pipeline configuration.</summary>
    public required PipelineConfig Config { get; init; }

    /// <summary>The effective run seed (YAML <c>seed</c>, or <c>--seed</c>).</summary>
    public required long Seed { get; init; }

    /// <summary>The run directory (for stage-owned files such as <c>judgements.jsonl</c>).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Logging for stages.</summary>
    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>The run's models (null in runs without a model layer, e.g. some tests).</summary>
    public Models.ModelRegistry? Models { get; init; }
}
