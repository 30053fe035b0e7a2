using System.Text.Json.Nodes;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// The result of checking one <see cref="CodeTestSpec"/>: the verdict outcome, the fraction of checks passed and the
/// execution that decided it (the first failing case, or the last one when all passed). Immutable.
/// </summary>
public sealed record CodeEvaluation
{
    /// <summary>Longest stdout/stderr excerpt written into a verdict, in characters.</summary>
    public const int VerdictOutputChars = 2000;

    /// <summary><c>pass</c> when every check passed, <c>fail</c> when the program failed, <c>invalid</c> when the sandbox could not run it.</summary>
    public required VerdictOutcome Outcome { get; init; }

    /// <summary>Fraction of checks passed (cases for stdin/stdout, 0 or 1 for the program formats).</summary>
    public double Score { get; init; }

    /// <summary>Why the outcome is not <c>pass</c>, or null.</summary>
    public string? Reason { get; init; }

    /// <summary>The deciding execution.</summary>
    public required ExecutionResult Result { get; init; }

    /// <summary>The test format.</summary>
    public required CodeTestFormat Format { get; init; }

    /// <summary>The language run.</summary>
    public required string Language { get; init; }

    /// <summary>Cases passed (stdin/stdout format; execution stops at the first failing case).</summary>
    public int CasesPassed { get; init; }

    /// <summary>Cases in the spec (stdin/stdout format), 0 otherwise.</summary>
    public int CasesTotal { get; init; }

    /// <summary>
    /// The verdict fields as JSON: <c>outcome</c>, <c>score</c>, <c>reason</c>, <c>status</c>, <c>exit_code</c>,
    /// <c>signal</c>, <c>duration_ms</c>, <c>stdout</c>/<c>stderr</c> (excerpts of at most
    /// <see cref="VerdictOutputChars"/>, head of stdout and tail of stderr) with <c>*_truncated</c> flags, <c>language</c>,
    /// <c>format</c>, <c>sandboxed</c>, and for stdin/stdout <c>cases_passed</c>/<c>cases_total</c>.
    /// </summary>
    public JsonObject ToJson(string name, string version)
    {
        var (stdout, stdoutCut) = Head(Result.Stdout);
        var (stderr, stderrCut) = Tail(Result.Stderr);
        var json = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["outcome"] = Outcome switch { VerdictOutcome.Pass => "pass", VerdictOutcome.Fail => "fail", _ => "invalid" },
            ["score"] = Score,
            ["status"] = Result.Status switch
            {
                ExecutionStatus.Passed => "passed",
                ExecutionStatus.Failed => "failed",
                ExecutionStatus.Timeout => "timeout",
                ExecutionStatus.Memory => "memory",
                _ => "error",
            },
            ["exit_code"] = Result.ExitCode,
            ["signal"] = Result.Signal,
            ["duration_ms"] = Result.DurationMs,
            ["stdout"] = stdout,
            ["stderr"] = stderr,
            ["stdout_truncated"] = Result.StdoutTruncated || stdoutCut,
            ["stderr_truncated"] = Result.StderrTruncated || stderrCut,
            ["language"] = Language,
            ["format"] = Format switch { CodeTestFormat.HumanEval => "humaneval", CodeTestFormat.AssertList => "asserts", _ => "stdio" },
            ["sandboxed"] = Result.Sandboxed,
        };
        if (Reason is not null)
        {
            json["reason"] = Reason;
        }

        if (Format == CodeTestFormat.StdioCases)
        {
            json["cases_passed"] = CasesPassed;
            json["cases_total"] = CasesTotal;
        }

        if (!Result.Sandboxed)
        {
            json["warning"] = "UNSANDBOXED: this program ran without isolation";
        }

        return json;
    }

    private static (string Text, bool Cut) Head(string s) => s.Length <= VerdictOutputChars ? (s, false) : (s[..VerdictOutputChars], true);

    private static (string Text, bool Cut) Tail(string s) => s.Length <= VerdictOutputChars ? (s, false) : (s[^VerdictOutputChars..], true);
}
