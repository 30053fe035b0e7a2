using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Runs;

/// <summary>Everything that defines one run of a pipeline (the YAML plus command-line overrides).</summary>
public sealed record RunRequest
{
    /// <summary>The loaded pipeline.</summary>
    public required PipelineConfig Config { get; init; }

    /// <summary>The output directory (shard subdirectory not yet applied).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Continue an interrupted run.</summary>
    public bool Resume { get; init; }

    /// <summary>Consider only the first N input records (null = all).</summary>
    public long? Limit { get; init; }

    /// <summary>Seed override (null = the YAML seed).</summary>
    public long? Seed { get; init; }

    /// <summary>This process's shard, or null for an unsharded run.</summary>
    public Shard? Shard { get; init; }

    /// <summary><c>skip</c> (bad lines into failed.jsonl) or <c>fail</c> (abort at the first bad line); null = the YAML's.</summary>
    public string? OnBadInput { get; init; }

    /// <summary>Model response cache directory (null = <c>cache/</c> in the run directory). Runs sharing it replay each other's model calls.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The effective seed.</summary>
    public long EffectiveSeed => Seed ?? Config.Seed;

    /// <summary>The run directory: <see cref="OutputDirectory"/>, or its shard subdirectory.</summary>
    public string RunDirectory => Shard is { } shard ? Path.Combine(OutputDirectory, shard.DirectoryName) : OutputDirectory;
}
