using System.Text.Json.Serialization;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// The outcome of one execution: status, exit code or signal, duration, and the captured (capped) output.
/// Immutable.
/// </summary>
public sealed record ExecutionResult
{
    /// <summary>How the execution ended.</summary>
    [JsonPropertyName("status")] public required ExecutionStatus Status { get; init; }

    /// <summary>The exit code when the program exited normally; null when it was killed by a signal or never ran.</summary>
    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }

    /// <summary>The name of the signal that killed the program (e.g. <c>SIGKILL</c>), or null.</summary>
    [JsonPropertyName("signal")] public string? Signal { get; init; }

    /// <summary>The number of the signal that killed the program (9 for <c>SIGKILL</c>), or null.</summary>
    [JsonIgnore]
    public int? SignalNumber { get; init; }

    /// <summary>Wall-clock duration of the execution, sandbox start-up included, in milliseconds.</summary>
    [JsonPropertyName("duration_ms")] public double DurationMs { get; init; }

    /// <summary>Captured standard output (at most <see cref="SandboxOptions.MaxOutputBytes"/> bytes, UTF-8 decoded).</summary>
    [JsonPropertyName("stdout")] public string Stdout { get; init; } = "";

    /// <summary>Captured standard error (at most <see cref="SandboxOptions.MaxOutputBytes"/> bytes, UTF-8 decoded).</summary>
    [JsonPropertyName("stderr")] public string Stderr { get; init; } = "";

    /// <summary>Whether standard output was cut at the limit.</summary>
    [JsonPropertyName("stdout_truncated")] public bool StdoutTruncated { get; init; }

    /// <summary>Whether standard error was cut at the limit.</summary>
    [JsonPropertyName("stderr_truncated")] public bool StderrTruncated { get; init; }

    /// <summary>A short explanation of a non-passed status (e.g. <c>wall-clock timeout after 2 s</c>), or null.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }

    /// <summary>True when the sandbox itself failed (not the program): the sample could not be checked.</summary>
    [JsonPropertyName("sandbox_failure")] public bool SandboxFailure { get; init; }

    /// <summary>
    /// True when the compile step of a compiled language did not succeed (compile error, or its own timeout or output
    /// cap): the program never ran, and <see cref="Stdout"/>/<see cref="Stderr"/> are the compiler's.
    /// </summary>
    [JsonPropertyName("compile_failed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CompileFailed { get; init; }

    /// <summary>Whether the program ran inside bubblewrap (false only in the explicit unsandboxed mode).</summary>
    [JsonPropertyName("sandboxed")] public bool Sandboxed { get; init; }
}
