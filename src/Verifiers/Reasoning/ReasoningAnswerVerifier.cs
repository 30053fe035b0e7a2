using System.Text.Json.Nodes;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// <c>verify: reasoning_answer</c>: for math samples, the answer the trace arrives at equals the final answer given
/// after it — a trace that concludes 12 behind a boxed 13 teaches the model to ignore its own reasoning. Both are
/// extracted as the math verifier extracts them (<see cref="MathAnswerChecker"/>: the last <c>\boxed{}</c> or "final
/// answer" sentence first, then "answer is", then the last number or formula) and compared for mathematical
/// equivalence, the answer's as gold. Details: <c>answer_extracted</c>, <c>trace_extracted</c>. <c>invalid</c> when
/// the sample has no trace or either side has no answer (e.g. a sample that is not math). Thread-safe.
/// </summary>
public sealed class ReasoningAnswerVerifier : ReasoningTraceVerifier<ReasoningAnswerOptions>
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "reasoning_answer";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";

    private readonly MathAnswerChecker _checker;

    /// <summary>Creates the verifier.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    public ReasoningAnswerVerifier(ReasoningAnswerOptions options, TimeProvider? timeProvider = null)
        : base(options, VerifierName, VerifierVersion)
    {
        _checker = new MathAnswerChecker(options.Math, timeProvider);
    }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, ReasoningTrace trace, CancellationToken cancellationToken)
    {
        var result = _checker.Check(trace.Answer, trace.Text!);
        var reason = result.Outcome switch
        {
            VerdictOutcome.Pass => $"the trace arrives at the given answer ({result.GoldExtracted})",
            VerdictOutcome.Fail => $"the trace arrives at {result.PredictionExtracted} but the answer gives {result.GoldExtracted}",
            _ => result.Reason.Replace("in gold", "in the answer", StringComparison.Ordinal).Replace("in prediction", "in the trace", StringComparison.Ordinal)
                .Replace("gold answer", "the answer", StringComparison.Ordinal).Replace("predicted answer", "the trace's answer", StringComparison.Ordinal),
        };
        var details = new JsonObject { ["answer_extracted"] = result.GoldExtracted, ["trace_extracted"] = result.PredictionExtracted };
        return Conclude(result.Outcome, reason, details, result.Outcome == VerdictOutcome.Pass ? 1.0 : result.Outcome == VerdictOutcome.Fail ? 0.0 : null);
    }
}
