using System.Text.Json;
using MidTrain.Core.Records;

namespace MidTrain.Generators.Assembly;

/// <summary>A document or passage offered to a <see cref="ContextAssembler{T}"/>. Immutable.</summary>
/// <param name="DocumentId">The source document's id.</param>
/// <param name="Text">The text (a whole document, or a passage of one).</param>
public sealed record ContextCandidate(string DocumentId, string Text)
{
    /// <summary>The passage index, or null for a whole document.</summary>
    public int? Passage { get; init; }

    /// <summary>Where <see cref="Text"/> starts in its document (a passage's start; 0 for a document).</summary>
    public int SourceStart { get; init; }

    /// <summary>The document's metadata (partition key, language).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>A whole document.</summary>
    public static ContextCandidate From(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new ContextCandidate(document.Id, document.Text) { Metadata = document.Metadata };
    }

    /// <summary>A passage (its spans stay relative to its document).</summary>
    public static ContextCandidate From(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return new ContextCandidate(passage.DocumentId, passage.Text) { Passage = passage.Index, SourceStart = passage.Start, Metadata = passage.Metadata };
    }
}
