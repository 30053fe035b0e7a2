namespace MidTrain.Filters.Contracts;

/// <summary>
/// Which texts of an item a filter looks at (option <c>check</c>): a list of roles (<c>user</c>, <c>assistant</c>,
/// <c>system</c>) and text names (<c>text</c>, <c>messages[0]</c>); an empty list selects every text. A document's or
/// passage's text has no role and is selected by <c>text</c> (or by an empty list). Immutable and thread-safe.
/// </summary>
public sealed class TextSelector
{
    private readonly HashSet<string> _selectors;

    /// <summary>Creates a selector from the configured entries (case-sensitive).</summary>
    public TextSelector(IEnumerable<string>? entries)
    {
        _selectors = new HashSet<string>(entries ?? [], StringComparer.Ordinal);
    }

    /// <summary>A selector that selects every text.</summary>
    public static TextSelector All { get; } = new(null);

    /// <summary>Whether every text is selected.</summary>
    public bool SelectsAll => _selectors.Count == 0;

    /// <summary>Whether <paramref name="text"/> is selected.</summary>
    public bool Selects(FilterText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _selectors.Count == 0 || _selectors.Contains(text.Name) || (text.Role is not null && _selectors.Contains(text.Role));
    }

    /// <summary>The selected texts of <paramref name="item"/>, in order.</summary>
    public IEnumerable<FilterText> Select(FilterItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        foreach (var text in item.Texts)
        {
            if (Selects(text))
            {
                yield return text;
            }
        }
    }
}
