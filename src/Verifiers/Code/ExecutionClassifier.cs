using System.Text;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Turns what was observed about a run (exit code or signal, timeout, output cap, stderr) into an
/// <see cref="ExecutionResult"/> status and message. Stateless and thread-safe.
/// </summary>
internal static class ExecutionClassifier
{
    /// <summary>What a warm server's step writes on stderr when it could not set up (never a program's fault).</summary>
    public const string StepSetupMarker = "midtrain sandbox: ";

    /// <summary>The exit code of a warm server's step that could not be set up.</summary>
    public const int StepSetupExitCode = 125;

    private const int CompilerMessageChars = 1200;
    private const int CompilerMessageLines = 12;

    private static readonly string[] MemoryMarkers =
    [
        "MemoryError", "out of memory", "Cannot allocate memory", "std::bad_alloc", "heap out of memory", "ENOMEM",
        "java.lang.OutOfMemoryError", "memory allocation of", "insufficient memory for the Java Runtime",
    ];

    /// <summary>Classifies the run step (or the one-shot sandbox's whole command line).</summary>
    /// <param name="raw">What was observed.</param>
    /// <param name="timeout">The wall-clock limit that applied.</param>
    /// <param name="maxOutputBytes">The output cap that applied.</param>
    /// <param name="sandboxed">Whether it ran sandboxed.</param>
    /// <param name="oneShot">True for a one-shot bubblewrap sandbox (whose own start-up errors and compile marker are recognised).</param>
    public static ExecutionResult Classify(RawRun raw, TimeSpan timeout, int maxOutputBytes, bool sandboxed, bool oneShot)
    {
        var result = Result(raw, sandboxed, out var signalNumber);
        var stderr = result.Stderr;
        var tail = stderr.Length > 4096 ? stderr[^4096..] : stderr;
        if (raw.TimedOut)
        {
            return result with { Status = ExecutionStatus.Timeout, Message = $"wall-clock timeout after {timeout.TotalSeconds:0.###} s" };
        }

        if (raw.OutputLimitExceeded)
        {
            return result with { Status = ExecutionStatus.Error, Message = $"output over the limit of {maxOutputBytes} bytes; the program was killed" };
        }

        if (oneShot && sandboxed && raw.ExitCode == 1 && stderr.StartsWith("bwrap: ", StringComparison.Ordinal))
        {
            return result with { Status = ExecutionStatus.Error, SandboxFailure = true, Message = "sandbox failed to start: " + FirstLine(stderr) };
        }

        if (signalNumber == SignalNames.CpuLimit)
        {
            return result with { Status = ExecutionStatus.Timeout, Message = "CPU-time limit exceeded" };
        }

        if (raw.ExitCode != 0 && MemoryMarkers.Any(m => tail.Contains(m, StringComparison.Ordinal)))
        {
            return result with { Status = ExecutionStatus.Memory, Message = "memory limit exceeded" };
        }

        if (!oneShot && raw.ExitCode == StepSetupExitCode && stderr.StartsWith(StepSetupMarker, StringComparison.Ordinal))
        {
            return result with { Status = ExecutionStatus.Error, SandboxFailure = true, Message = "sandbox failed to start the program: " + FirstLine(stderr[StepSetupMarker.Length..]) };
        }

        if (oneShot && raw.ExitCode == SandboxCommandLine.CompileFailedExitCode && stderr.Contains(SandboxCommandLine.CompileFailedMarker, StringComparison.Ordinal))
        {
            var message = stderr.Replace(SandboxCommandLine.CompileFailedMarker, "", StringComparison.Ordinal);
            return result with { Status = ExecutionStatus.Error, ExitCode = null, CompileFailed = true, Message = CompileErrorMessage(message) };
        }

        if (result.Signal is { } signal)
        {
            return result with { Status = ExecutionStatus.Error, Message = $"killed by {signal}" };
        }

        return raw.ExitCode == 0
            ? result
            : result with { Status = ExecutionStatus.Failed, Message = $"exit code {raw.ExitCode}" + (tail.Length > 0 ? ": " + LastLine(tail) : "") };
    }

    /// <summary>
    /// Classifies what a warm server reported for a plan: a server error (or no step at all) is a sandbox failure; a
    /// compile step that did not succeed is a compile failure; a plan whose run step never ran is a sandbox failure;
    /// otherwise the run step is classified as by <see cref="Classify"/>.
    /// </summary>
    /// <param name="plan">The plan the server ran.</param>
    /// <param name="steps">What was observed of each step that ran, in plan order.</param>
    /// <param name="serverError">The server's own error, or null.</param>
    /// <param name="maxOutputBytes">The output cap that applied.</param>
    public static ExecutionResult ClassifyWarm(ExecutionPlan plan, IReadOnlyList<RawRun> steps, string? serverError, int maxOutputBytes)
    {
        if (serverError is not null || steps.Count == 0)
        {
            return new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Sandboxed = true, Message = "sandbox server: " + (serverError ?? "no step ran") };
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var ok = steps[i].ExitCode == 0 && !steps[i].TimedOut && !steps[i].OutputLimitExceeded;
            if (plan.Steps[i].IsCompile && !ok)
            {
                return CompileFailed(steps[i], plan.Steps[i].Timeout, maxOutputBytes, sandboxed: true);
            }
        }

        return steps.Count < plan.Steps.Count
            ? new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Sandboxed = true, Message = "sandbox server: the program did not run" }
            : Classify(steps[^1], plan.Run.Timeout, maxOutputBytes, sandboxed: true, oneShot: false);
    }

    /// <summary>Classifies a compile step that did not succeed: the program never ran.</summary>
    public static ExecutionResult CompileFailed(RawRun raw, TimeSpan timeout, int maxOutputBytes, bool sandboxed)
    {
        var result = Result(raw, sandboxed, out _) with { CompileFailed = true };
        if (raw.TimedOut)
        {
            return result with { Status = ExecutionStatus.Timeout, Message = $"compile step: wall-clock timeout after {timeout.TotalSeconds:0.###} s" };
        }

        if (raw.OutputLimitExceeded)
        {
            return result with { Status = ExecutionStatus.Error, Message = $"compile step: output over the limit of {maxOutputBytes} bytes" };
        }

        if (raw.ExitCode == StepSetupExitCode && result.Stderr.StartsWith(StepSetupMarker, StringComparison.Ordinal))
        {
            return result with { Status = ExecutionStatus.Error, SandboxFailure = true, Message = "sandbox failed to start the compiler: " + FirstLine(result.Stderr[StepSetupMarker.Length..]) };
        }

        var output = result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout;
        return result with { Status = ExecutionStatus.Error, Message = CompileErrorMessage(output) };
    }

    /// <summary><c>compile error: </c> and the first lines of the compiler's message (at most 12 lines / 1,200 characters).</summary>
    public static string CompileErrorMessage(string compilerOutput)
    {
        var lines = compilerOutput.Replace("\r", "", StringComparison.Ordinal).Split('\n')
            .Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            return "compile error";
        }

        var text = string.Join('\n', lines.Take(CompilerMessageLines));
        var cut = lines.Count > CompilerMessageLines;
        if (text.Length > CompilerMessageChars)
        {
            text = text[..CompilerMessageChars];
            cut = true;
        }

        return "compile error: " + text + (cut ? "\n…" : "");
    }

    private static ExecutionResult Result(RawRun raw, bool sandboxed, out int signalNumber)
    {
        int? exitCode = raw.ExitCode;
        string? signal = null;
        signalNumber = 0;
        if (raw.ExitCode > 128 && raw.ExitCode < 128 + 65)
        {
            // .NET, bubblewrap and the warm server all report death by signal N as 128 + N.
            signalNumber = raw.ExitCode - 128;
            signal = SignalNames.Name(signalNumber);
            exitCode = null;
        }

        return new ExecutionResult
        {
            Status = ExecutionStatus.Passed,
            ExitCode = exitCode,
            Signal = signal,
            SignalNumber = signal is null ? null : signalNumber,
            DurationMs = System.Math.Round(raw.DurationMs, 1),
            Stdout = Encoding.UTF8.GetString(raw.Stdout),
            Stderr = Encoding.UTF8.GetString(raw.Stderr),
            StdoutTruncated = raw.StdoutTruncated,
            StderrTruncated = raw.StderrTruncated,
            Sandboxed = sandboxed,
        };
    }

    public static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? s : s[..i]).Trim();
    }

    private static string LastLine(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length == 0 ? "" : lines[^1];
        return last.Length > 300 ? last[..300] : last;
    }
}
