using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Runs a <see cref="CodeTestSpec"/> through a <see cref="CodeSandbox"/> and decides the outcome: the program formats
/// pass when the program exits 0; stdin/stdout cases run one fresh sandbox each, in order, stopping at the first that
/// does not pass. A sandbox failure gives <see cref="VerdictOutcome.Invalid"/>, anything the program did gives
/// <see cref="VerdictOutcome.Fail"/>. Thread-safe.
/// </summary>
public sealed class CodeEvaluator(CodeSandbox sandbox)
{
    /// <summary>The sandbox programs run in.</summary>
    public CodeSandbox Sandbox { get; } = sandbox ?? throw new ArgumentNullException(nameof(sandbox));

    /// <summary>Checks <paramref name="spec"/>. Only cancellation throws.</summary>
    public async Task<CodeEvaluation> EvaluateAsync(CodeTestSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Format != CodeTestFormat.StdioCases)
        {
            var result = await Sandbox.ExecuteAsync(Request(spec, null), cancellationToken).ConfigureAwait(false);
            return new CodeEvaluation
            {
                Outcome = Outcome(result),
                Score = result.Status == ExecutionStatus.Passed ? 1 : 0,
                Reason = result.Status == ExecutionStatus.Passed ? null : Describe(result),
                Result = result,
                Format = spec.Format,
                Language = spec.Language.Name,
            };
        }

        ExecutionResult last = null!;
        for (var i = 0; i < spec.Cases.Count; i++)
        {
            var @case = spec.Cases[i];
            last = await Sandbox.ExecuteAsync(Request(spec, @case.Stdin), cancellationToken).ConfigureAwait(false);
            string? reason = null;
            if (last.Status == ExecutionStatus.Passed && !OutputComparer.Matches(last.Stdout, @case.ExpectedStdout, spec.Comparison, spec.Tolerance))
            {
                last = last with { Status = ExecutionStatus.Failed, Message = "wrong output" };
                reason = $"case {i + 1}/{spec.Cases.Count}: wrong output ({spec.Comparison.ToString().ToLowerInvariant()} comparison): expected {Excerpt(@case.ExpectedStdout)}, got {Excerpt(last.Stdout)}";
            }

            if (last.Status != ExecutionStatus.Passed)
            {
                return new CodeEvaluation
                {
                    Outcome = Outcome(last),
                    Score = (double)i / spec.Cases.Count,
                    Reason = reason ?? $"case {i + 1}/{spec.Cases.Count}: {Describe(last)}",
                    Result = last,
                    Format = spec.Format,
                    Language = spec.Language.Name,
                    CasesPassed = i,
                    CasesTotal = spec.Cases.Count,
                };
            }
        }

        return new CodeEvaluation
        {
            Outcome = VerdictOutcome.Pass,
            Score = 1,
            Result = last,
            Format = spec.Format,
            Language = spec.Language.Name,
            CasesPassed = spec.Cases.Count,
            CasesTotal = spec.Cases.Count,
        };
    }

    private static ExecutionRequest Request(CodeTestSpec spec, string? stdin) =>
        new(spec.Language, spec.Program) { Stdin = stdin, Timeout = spec.Timeout, MemoryMb = spec.MemoryMb };

    private static VerdictOutcome Outcome(ExecutionResult result) =>
        result.SandboxFailure ? VerdictOutcome.Invalid : result.Status == ExecutionStatus.Passed ? VerdictOutcome.Pass : VerdictOutcome.Fail;

    private static string Describe(ExecutionResult result)
    {
        var status = result.Status.ToString().ToLowerInvariant();
        return result.Message is null ? status : $"{status}: {result.Message}";
    }

    private static string Excerpt(string s)
    {
        var t = s.Length > 80 ? s[..80] + "…" : s;
        return System.Text.Json.JsonSerializer.Serialize(t);
    }
}
