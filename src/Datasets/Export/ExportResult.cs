namespace MidTrain.Datasets.Export;

/// <summary>What an export wrote.</summary>
/// <param name="OutputDirectory">The dataset directory.</param>
/// <param name="Files">The data files, relative to <paramref name="OutputDirectory"/>.</param>
/// <param name="Rows">Rows written to the main split (pairs for <c>preference</c>).</param>
/// <param name="RejectedRows">Rows written to the <c>rejected</c> split.</param>
/// <param name="Considered">Accepted samples read from the run.</param>
public sealed record ExportResult(string OutputDirectory, IReadOnlyList<string> Files, long Rows, long RejectedRows, long Considered);
