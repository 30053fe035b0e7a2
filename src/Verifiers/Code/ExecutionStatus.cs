using System.Text.Json.Serialization;

namespace MidTrain.Verifiers.Code;

/// <summary>How one sandboxed execution ended (modelled on SandboxFusion's run statuses).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionStatus>))]
public enum ExecutionStatus
{
    /// <summary>The program ran to completion, exited 0 and (for stdin/stdout cases) printed the expected output.</summary>
    [JsonStringEnumMemberName("passed")] Passed,

    /// <summary>The program ran to completion but its tests failed: non-zero exit (e.g. a failed assertion) or wrong output.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The wall-clock timeout or the CPU-time limit was reached; the whole process tree was killed.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,

    /// <summary>The program ran out of its memory (address-space) limit.</summary>
    [JsonStringEnumMemberName("memory")] Memory,

    /// <summary>
    /// The program could not run properly: compile error, killed by a signal, output over the limit, or the sandbox
    /// itself failed (then <see cref="ExecutionResult.SandboxFailure"/> is true).
    /// </summary>
    [JsonStringEnumMemberName("error")] Error,
}
