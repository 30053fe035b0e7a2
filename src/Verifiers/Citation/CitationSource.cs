using MidTrain.Verifiers.Citation.Candidates;
using MidTrain.Verifiers.Citation.Text;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// One source a quote may come from: its id, raw text, normalised text and lazily built n-gram indexes. Build one per
/// source per check; not thread-safe (the index cache is filled on demand).
/// </summary>
public sealed class CitationSource
{
    private readonly Dictionary<int, NGramIndex> _indexes = [];

    /// <summary>Prepares <paramref name="text"/> under <paramref name="id"/>.</summary>
    /// <param name="id">The source id quotes cite.</param>
    /// <param name="text">The raw source text.</param>
    /// <param name="normalizer">The normaliser shared with the quotes.</param>
    /// <param name="isDefault">Whether this is an unnamed single source (a sample's passage, a line's <c>source</c>
    /// string), which any citation marker may refer to.</param>
    public CitationSource(string id, string text, TextNormalizer normalizer, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(normalizer);
        Id = id;
        Normalized = normalizer.Normalize(text);
        IsDefault = isDefault;
    }

    /// <summary>The source id.</summary>
    public string Id { get; }

    /// <summary>The normalised text with its map to raw offsets.</summary>
    public NormalizedText Normalized { get; }

    /// <summary>Whether any citation marker may refer to this source when it is the only one.</summary>
    public bool IsDefault { get; }

    /// <summary>The <paramref name="n"/>-gram index of the normalised text, built on first use.</summary>
    public NGramIndex Index(int n)
    {
        if (!_indexes.TryGetValue(n, out var index))
        {
            index = new NGramIndex(Normalized.Text, n);
            _indexes[n] = index;
        }

        return index;
    }
}
