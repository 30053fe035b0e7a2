using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>
/// Where a long-context sample's context lies in its first user turn (sample field <c>context</c>, see
/// <see cref="LongContextFields"/>): the context id, its offset in the user turn, its length, and its documents with
/// their spans relative to the context. Document <c>d</c>'s text is
/// <c>user[Offset + d.Start .. Offset + d.End]</c>. The context text itself is not repeated here. Immutable.
/// </summary>
public sealed record ContextLayout
{
    /// <summary>The context id (<see cref="LongContext.Id"/>).</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>Where the context starts in the first user message.</summary>
    [JsonPropertyName("offset")] public int Offset { get; init; }

    /// <summary>The context's length in characters.</summary>
    [JsonPropertyName("chars")] public required int Chars { get; init; }

    /// <summary>The context's length in tokens, or null when budgeted in characters.</summary>
    [JsonPropertyName("tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Tokens { get; init; }

    /// <summary>The documents, in order of appearance.</summary>
    [JsonPropertyName("documents")] public required IReadOnlyList<ContextDocument> Documents { get; init; }

    /// <summary>The layout of <paramref name="context"/> placed at <paramref name="offset"/> of a user message.</summary>
    public static ContextLayout Of(LongContext context, int offset)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ContextLayout { Id = context.Id, Offset = offset, Chars = context.Text.Length, Tokens = context.Tokens, Documents = context.Documents };
    }
}
