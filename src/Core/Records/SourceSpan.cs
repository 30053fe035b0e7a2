using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>Where a <see cref="Sample"/> came from: the document, the passage and its character span.</summary>
/// <param name="DocId">Id of the source document.</param>
/// <param name="Passage">0-based index of the passage in the document.</param>
/// <param name="Start">Inclusive character offset of the passage in the document.</param>
/// <param name="End">Exclusive character offset of the passage in the document.</param>
public sealed record SourceSpan(
    [property: JsonPropertyName("doc_id")] string DocId,
    [property: JsonPropertyName("passage")] int Passage,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End)
{
    /// <summary>The passage text the sample was generated from (kept so verifiers can check against it).</summary>
    [JsonPropertyName("text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
}
