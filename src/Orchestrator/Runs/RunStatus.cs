namespace MidTrain.Orchestrator.Runs;

/// <summary>How a run ended. The CLI maps it to DESIGN §5's exit codes; the library knows nothing of processes.</summary>
public enum RunStatus
{
    /// <summary>Every record was processed and none failed.</summary>
    Completed,

    /// <summary>Every record was processed; some are in <c>failed.jsonl</c> (still a complete run).</summary>
    CompletedWithFailures,

    /// <summary>The run could not start: a configuration or usage problem, named in the message.</summary>
    Invalid,

    /// <summary>Drained on request (first Ctrl+C, SIGTERM, a budget): finished records are journaled; resumable.</summary>
    Interrupted,

    /// <summary>Cancelled (second Ctrl+C): finished records are journaled; resumable.</summary>
    Cancelled,

    /// <summary>A run-level fault stopped it: finished records are journaled; resumable once fixed.</summary>
    Aborted,
}
