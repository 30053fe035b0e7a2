using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// One document (or passage) inside a <see cref="LongContext"/>: its number in the context, its id, and where its text
/// lies, both in the context (<see cref="Start"/>..<see cref="End"/>) and in the document it came from
/// (<see cref="SourceStart"/>..<see cref="SourceEnd"/>), so that
/// <c>context.Text[Start..End] == document.Text[SourceStart..SourceEnd]</c> exactly. Offsets are UTF-16 characters,
/// half-open. Immutable.
/// </summary>
public sealed record ContextDocument
{
    /// <summary>The document's number in the context (1-based, in order of appearance), as its delimiter shows it.</summary>
    [JsonPropertyName("number")] public required int Number { get; init; }

    /// <summary>The id of the source document.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>The passage index when the context was assembled from passages, else null (a whole document).</summary>
    [JsonPropertyName("passage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Passage { get; init; }

    /// <summary>Inclusive start of the document's text in the context.</summary>
    [JsonPropertyName("start")] public required int Start { get; init; }

    /// <summary>Exclusive end of the document's text in the context.</summary>
    [JsonPropertyName("end")] public required int End { get; init; }

    /// <summary>Inclusive start of the same text in the source document.</summary>
    [JsonPropertyName("source_start")] public required int SourceStart { get; init; }

    /// <summary>Exclusive end of the same text in the source document.</summary>
    [JsonPropertyName("source_end")] public required int SourceEnd { get; init; }

    /// <summary>Whether the text was cut (at a sentence or word boundary) to fit the context's budget.</summary>
    [JsonPropertyName("truncated")] public bool Truncated { get; init; }

    /// <summary>Tokens of the included text with the assembler's tokenizer (a text cut inside a sentence: within a token or two), or null when budgeted in characters.</summary>
    [JsonPropertyName("tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Tokens { get; init; }

    /// <summary>The document's language (metadata <c>language</c> or <c>lang</c>), when known.</summary>
    [JsonPropertyName("language")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Language { get; init; }

    /// <summary>Characters of the document's text in the context.</summary>
    [JsonIgnore]
    public int Length => End - Start;
}
