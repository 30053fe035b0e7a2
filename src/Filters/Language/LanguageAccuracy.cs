namespace MidTrain.Filters.Language;

/// <summary>Which of Lingua's two detection modes to use (option <c>accuracy</c>).</summary>
public enum LanguageAccuracy
{
    /// <summary>
    /// Trigram models only (default): about 95 MB of memory and 2–3 s to load for all 79 languages; as accurate as
    /// high mode on texts of 120 characters or more, less so on shorter ones.
    /// </summary>
    Low,

    /// <summary>
    /// Uni- to five-gram models: better on short texts (a sentence or less), but about 1.7 GB of memory and 30 s to load
    /// for all 79 languages; restrict <c>languages</c> when using it.
    /// </summary>
    High,
}
