using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// The outcome of one gold/prediction comparison by <see cref="MathAnswerChecker"/>: <see cref="VerdictOutcome.Pass"/>,
/// <see cref="VerdictOutcome.Fail"/>, or <see cref="VerdictOutcome.Invalid"/> when an answer could not be found, parsed or
/// checked within the time bound. Immutable.
/// </summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="GoldExtracted">The gold answer as extracted (null when none was found).</param>
/// <param name="PredictionExtracted">The predicted answer as extracted (null when none was found).</param>
/// <param name="Duration">Wall-clock time of the check.</param>
public sealed record MathCheckResult(
    VerdictOutcome Outcome,
    string Reason,
    string? GoldExtracted,
    string? PredictionExtracted,
    TimeSpan Duration);
