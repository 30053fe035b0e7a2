using System.Text.Json;

namespace MidTrain.Core.Records;

/// <summary>
/// One record of a curated corpus: an identified text plus whatever other fields the input line carried.
/// Immutable; safe to share across threads and channels.
/// </summary>
/// <param name="Id">The record's identifier, unique within a run (the root key for accounting and resume).</param>
/// <param name="Text">The document text.</param>
/// <param name="Metadata">Every other field of the input record, kept verbatim.</param>
public sealed record Document(string Id, string Text, IReadOnlyDictionary<string, JsonElement>? Metadata = null)
{
    /// <summary>Where the record came from (file path), when known.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The 1-based line number in <see cref="SourceFile"/>, or 0 for whole-file documents.</summary>
    public long Line { get; init; }
}
