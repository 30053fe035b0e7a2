namespace MidTrain.Filters.Contracts;

/// <summary>What a <see cref="FilterItem"/> was made from.</summary>
public enum FilterItemKind
{
    /// <summary>A corpus document (one text, <c>text</c>).</summary>
    Document,

    /// <summary>A passage cut from a document (one text, <c>text</c>).</summary>
    Passage,

    /// <summary>A generated sample (one text per message, <c>messages[i]</c>, with roles).</summary>
    Sample,
}
