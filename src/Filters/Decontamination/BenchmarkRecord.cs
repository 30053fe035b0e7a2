namespace MidTrain.Filters.Decontamination;

/// <summary>One item of a benchmark file: where it is, its id when it has one, and its texts (one per field value).</summary>
/// <param name="Line">1-based line (JSONL, text) or row (Parquet) number.</param>
/// <param name="Id">The record's id, or null.</param>
/// <param name="Texts">The text values of the selected fields.</param>
internal sealed record BenchmarkRecord(long Line, string? Id, IReadOnlyList<string> Texts);
