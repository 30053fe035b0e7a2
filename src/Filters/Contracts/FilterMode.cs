namespace MidTrain.Filters.Contracts;

/// <summary>Whether a filter acts on what it finds or only reports it (option <c>mode</c>).</summary>
public enum FilterMode
{
    /// <summary>Reject and rewrite as configured (default).</summary>
    Enforce,

    /// <summary>
    /// Change nothing but annotations: an item the filter would reject or rewrite is kept unchanged, flagged
    /// (<see cref="FilterDecision.Flagged"/>) and annotated with <c>{filter}_flag</c> holding what would have happened,
    /// so a run can measure a filter before trusting it.
    /// </summary>
    Report,
}
