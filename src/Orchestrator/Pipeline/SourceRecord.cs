namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// One record from a pipeline source: either a payload to process, or an input error (bad line) that goes straight to
/// <c>failed.jsonl</c>.
/// </summary>
/// <param name="Root">The record's accounting root.</param>
/// <param name="Payload">The payload, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">The input error, or null.</param>
public readonly record struct SourceRecord(RootRecord Root, object? Payload, ItemFailure? Error);
