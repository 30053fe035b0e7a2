namespace MidTrain.Judges.Agreement;

/// <summary>What <see cref="LabelFile"/> read: the label matrix and an account of every line that was not used.</summary>
/// <param name="Matrix">The labels read.</param>
/// <param name="Lines">Non-blank lines read.</param>
/// <param name="BadLineCount">Lines skipped as bad (all of them, also beyond <paramref name="BadLines"/>).</param>
/// <param name="BadLines">The first bad lines, each as <c>file:line: reason</c>.</param>
/// <param name="MissingLabels">Lines whose label was <c>null</c> (allowed; not used).</param>
public sealed record LabelFileContents(LabelMatrix Matrix, long Lines, long BadLineCount, IReadOnlyList<string> BadLines, long MissingLabels);
