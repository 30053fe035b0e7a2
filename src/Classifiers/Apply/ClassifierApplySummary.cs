namespace MidTrain.Classifiers.Apply;

/// <summary>Counts of one <see cref="ClassifierFileRunner"/> run. <c>Lines = Kept + Rejected + Bad</c>.</summary>
/// <param name="Lines">Non-blank input lines.</param>
/// <param name="Kept">Lines written to the output (score ≥ min score).</param>
/// <param name="Rejected">Lines scored below the min score.</param>
/// <param name="Bad">Lines that could not be scored (not a JSON object, no text field).</param>
/// <param name="Bytes">Input bytes read.</param>
/// <param name="MeanScore">Mean score of the scored lines (NaN when none).</param>
/// <param name="BadExamples">The first few bad lines as <c>file:line: reason</c>.</param>
public sealed record ClassifierApplySummary(long Lines, long Kept, long Rejected, long Bad, long Bytes, double MeanScore, IReadOnlyList<string> BadExamples);
