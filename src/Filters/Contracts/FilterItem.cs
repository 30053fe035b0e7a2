using System.Collections.Frozen;
using System.Text.Json;
using MidTrain.Core.Records;

namespace MidTrain.Filters.Contracts;

/// <summary>
/// What a filter sees of one document, passage or sample: its id, its named texts (<see cref="FilterText"/>) and its
/// metadata (a document's or passage's extra fields; a sample's attributes, as JSON strings), read-only. Build one
/// with <see cref="FromDocument"/>, <see cref="FromPassage"/> or <see cref="FromSample"/>, and apply the filter's
/// answer with <see cref="FilterDecision.ApplyTo(Document)"/> and its overloads. Immutable.
/// </summary>
public sealed class FilterItem
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoMetadata = FrozenDictionary<string, JsonElement>.Empty;

    /// <summary>Creates an item.</summary>
    /// <param name="id">The item's id (document id, <c>doc#passage</c>, sample id), for messages.</param>
    /// <param name="kind">What the item was made from.</param>
    /// <param name="texts">Its texts, with distinct names.</param>
    /// <param name="metadata">Its metadata or attributes.</param>
    public FilterItem(string id, FilterItemKind kind, IReadOnlyList<FilterText> texts, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(texts);
        Id = id;
        Kind = kind;
        Texts = texts;
        Metadata = metadata ?? NoMetadata;
    }

    /// <summary>The item's id.</summary>
    public string Id { get; }

    /// <summary>What the item was made from.</summary>
    public FilterItemKind Kind { get; }

    /// <summary>The item's texts.</summary>
    public IReadOnlyList<FilterText> Texts { get; }

    /// <summary>The item's metadata (documents, passages) or attributes (samples, as JSON strings).</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

    /// <summary>The text named <paramref name="name"/>, or null.</summary>
    public FilterText? Text(string name)
    {
        foreach (var text in Texts)
        {
            if (string.Equals(text.Name, name, StringComparison.Ordinal))
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A document as one text named <c>text</c>, with its metadata.</summary>
    public static FilterItem FromDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new FilterItem(document.Id, FilterItemKind.Document, [new FilterText(FilterText.DocumentText, null, document.Text)], document.Metadata);
    }

    /// <summary>A passage as one text named <c>text</c>, with its document's metadata; the id is <c>doc#index</c>.</summary>
    public static FilterItem FromPassage(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return new FilterItem($"{passage.DocumentId}#{passage.Index}", FilterItemKind.Passage, [new FilterText(FilterText.DocumentText, null, passage.Text)], passage.Metadata);
    }

    /// <summary>A sample as one text per message (<c>messages[i]</c>, with the role), with its attributes as metadata.</summary>
    public static FilterItem FromSample(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var texts = new FilterText[sample.Messages.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = new FilterText(FilterText.MessageName(i), sample.Messages[i].Role, sample.Messages[i].Content);
        }

        var metadata = new Dictionary<string, JsonElement>(sample.Attributes.Count, StringComparer.Ordinal);
        foreach (var (key, value) in sample.Attributes)
        {
            metadata[key] = JsonSerializer.SerializeToElement(value);
        }

        return new FilterItem(sample.Id, FilterItemKind.Sample, texts, metadata);
    }
}
