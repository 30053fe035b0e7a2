namespace MidTrain.Core.Records;

/// <summary>
/// A contiguous slice of a <see cref="Document"/>, the unit generators work from.
/// <see cref="Start"/> and <see cref="End"/> are character offsets (UTF-16 code units) into the document text,
/// so <c>document.Text[Start..End] == Text</c>. Immutable and thread-safe.
/// </summary>
/// <param name="DocumentId">The id of the document the passage was cut from.</param>
/// <param name="Index">The passage's 0-based position within its document.</param>
/// <param name="Text">The passage text.</param>
/// <param name="Start">Inclusive start offset in the document text.</param>
/// <param name="End">Exclusive end offset in the document text.</param>
public sealed record Passage(string DocumentId, int Index, string Text, int Start, int End)
{
    /// <summary>Metadata of the parent document, carried along so generators and sinks can use it.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Metadata { get; init; }
}
