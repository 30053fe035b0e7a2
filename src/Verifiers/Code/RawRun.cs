namespace MidTrain.Verifiers.Code;

/// <summary>What <see cref="ProcessRunner"/> observed about one process tree, before classification.</summary>
internal sealed record RawRun(
    int ExitCode,
    bool TimedOut,
    bool OutputLimitExceeded,
    byte[] Stdout,
    bool StdoutTruncated,
    byte[] Stderr,
    bool StderrTruncated,
    double DurationMs);
