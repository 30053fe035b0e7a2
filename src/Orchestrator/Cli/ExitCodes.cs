namespace MidTrain.Orchestrator.Cli;

/// <summary>The process exit codes of DESIGN §5.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The run completed, but some records failed (they are in <c>failed.jsonl</c>).</summary>
    public const int CompletedWithFailures = 1;

    /// <summary>Usage or configuration error; the message names the bad key or flag.</summary>
    public const int UsageError = 2;

    /// <summary>The run was aborted (run-level fault or cancellation).</summary>
    public const int Aborted = 3;

    /// <summary>The exit code of a command that finished: 1 when <paramref name="failures"/> records failed or were bad input, else 0.</summary>
    public static int OfFailures(long failures) => failures > 0 ? CompletedWithFailures : Success;

    /// <summary>The exit code of a run that ended with <paramref name="status"/>.</summary>
    public static int Of(Runs.RunStatus status) => status switch
    {
        Runs.RunStatus.Completed => Success,
        Runs.RunStatus.CompletedWithFailures => CompletedWithFailures,
        Runs.RunStatus.Invalid => UsageError,
        _ => Aborted,
    };
}
