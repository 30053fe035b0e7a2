using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Checks a predicted answer against a gold answer: extracts both (see the extraction rules on the answer extractor),
/// parses them to expression trees and compares them gold-guided, in the manner of Hugging Face's Math-Verify.
/// Every check is bounded by <see cref="MathVerifierOptions.TimeBound"/> and <see cref="MathVerifierOptions.MaxSteps"/>
/// cooperatively — the work itself stops, so no thread is left running. Stateless and thread-safe; deterministic for
/// given inputs except when the time bound is hit.
/// </summary>
public sealed class MathAnswerChecker
{
    /// <summary>Candidates tried per text before giving up (garbage text can offer thousands).</summary>
    private const int MaxCandidates = 16;

    private readonly MathVerifierOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a checker with <paramref name="options"/> (copied) and an optional clock for the time bound.</summary>
    public MathAnswerChecker(MathVerifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = (options ?? new MathVerifierOptions()).Clone();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The options in use (a copy).</summary>
    public MathVerifierOptions Options => _options.Clone();

    /// <summary>Compares <paramref name="prediction"/> with <paramref name="gold"/> under the checker's options.</summary>
    public MathCheckResult Check(string gold, string prediction) =>
        Check(gold, prediction, _options.Precision, _options.Strict, _options.AllowSetRelationComparison);

    /// <summary>Compares with per-call settings (as the per-line <c>options</c> of <c>midtrain verify math</c>).</summary>
    public MathCheckResult Check(string gold, string prediction, int precision, bool strict, bool allowSetRelationComparison)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(prediction);
        if (precision is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "precision must be between 0 and 15 digits");
        }

        var started = _time.GetTimestamp();
        var budget = new CheckBudget(_time, _options.TimeBound, _options.MaxSteps);
        ParsedAnswer? goldAnswer = null;
        ParsedAnswer? predAnswer = null;
        try
        {
            goldAnswer = ParseAnswer(gold, budget);
            if (goldAnswer is null)
            {
                return Result(VerdictOutcome.Invalid, "no answer found in gold", null, null, started);
            }

            predAnswer = ParseAnswer(prediction, budget);
            if (predAnswer is null)
            {
                return Result(VerdictOutcome.Invalid, "no answer found in prediction", goldAnswer.Extracted, null, started);
            }

            if (goldAnswer.Normalized == predAnswer.Normalized)
            {
                return Result(VerdictOutcome.Pass, "answers are identical", goldAnswer.Extracted, predAnswer.Extracted, started);
            }

            if (goldAnswer.Tree is null)
            {
                return Result(VerdictOutcome.Invalid, "gold answer could not be parsed", goldAnswer.Extracted, predAnswer.Extracted, started);
            }

            if (predAnswer.Tree is null)
            {
                return Result(VerdictOutcome.Invalid, "predicted answer could not be parsed", goldAnswer.Extracted, predAnswer.Extracted, started);
            }

            var equivalence = new Equivalence(precision, strict, allowSetRelationComparison, budget);
            var equal = equivalence.AreEquivalent(goldAnswer.Tree, predAnswer.Tree, predAnswer.Normalized);
            return Result(
                equal ? VerdictOutcome.Pass : VerdictOutcome.Fail,
                equal ? "answers are equivalent" : "answers differ",
                goldAnswer.Extracted,
                predAnswer.Extracted,
                started);
        }
        catch (BudgetExceededException ex)
        {
            return Result(VerdictOutcome.Invalid, ex.Message, goldAnswer?.Extracted, predAnswer?.Extracted, started);
        }
        catch (Exception ex) when (ex is InsufficientExecutionStackException or ArithmeticException)
        {
            return Result(VerdictOutcome.Invalid, "answer too large to check: " + ex.GetType().Name, goldAnswer?.Extracted, predAnswer?.Extracted, started);
        }
    }

    private MathCheckResult Result(VerdictOutcome outcome, string reason, string? gold, string? pred, long started) =>
        new(outcome, reason, gold, pred, _time.GetElapsedTime(started));

    /// <summary>The first candidate that parses; if none parses, the first candidate with no tree; null when there is none.</summary>
    private static ParsedAnswer? ParseAnswer(string text, CheckBudget budget)
    {
        var candidates = AnswerExtractor.Extract(text, budget);
        ParsedAnswer? firstUnparsed = null;
        foreach (var candidate in candidates.Take(MaxCandidates))
        {
            budget.Step();
            var normalized = AnswerNormalizer.Normalize(candidate.Content);
            if (normalized.Length == 0)
            {
                continue;
            }

            try
            {
                var tree = ExpressionParser.Parse(normalized, candidate.Mode, budget, candidate.Joined);
                return new ParsedAnswer(candidate.Content, normalized, tree, candidate.Rule);
            }
            catch (MathSyntaxException)
            {
                firstUnparsed ??= new ParsedAnswer(candidate.Content, normalized, null, candidate.Rule);
            }
        }

        return firstUnparsed;
    }
}
