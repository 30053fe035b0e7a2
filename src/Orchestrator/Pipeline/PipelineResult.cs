namespace MidTrain.Orchestrator.Pipeline;

/// <summary>Counts of one pipeline run.</summary>
public sealed record PipelineResult
{
    /// <summary>How the run ended.</summary>
    public required PipelineOutcome Outcome { get; init; }

    /// <summary>Input records taken from the source.</summary>
    public long Records { get; init; }

    /// <summary>Lines written to the accepted output.</summary>
    public long Accepted { get; init; }

    /// <summary>Lines written to the rejected output.</summary>
    public long Rejected { get; init; }

    /// <summary>Lines written to the failed output.</summary>
    public long Failed { get; init; }

    /// <summary>Input records fully processed (journaled).</summary>
    public long RecordsDone { get; init; }

    /// <summary>Per-stage counters.</summary>
    public required IReadOnlyList<StageCounters> Stages { get; init; }
}
