using System.ComponentModel.DataAnnotations;

namespace MidTrain.Orchestrator.Stages;

/// <summary>The keys every stage accepts, whatever its kind: <c>name</c>, <c>concurrency</c>, <c>capacity</c>.</summary>
public sealed class StageOptions
{
    /// <summary>The display name (progress, logs, the <c>stage</c> of output records); default e.g. <c>verify:math</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Items processed at once; default: the stage kind's own (e.g. 8 for model stages, the cores for verifiers).</summary>
    [Range(1, 4096)]
    public int? Concurrency { get; set; }

    /// <summary>Capacity of the bounded channel feeding the stage; 0 (default) means 2 × concurrency.</summary>
    [Range(0, 1 << 20)]
    public int Capacity { get; set; }
}
