namespace MidTrain.Generators.Dedup;

/// <summary>Why a text was dropped by the <see cref="NearDuplicateFilter"/>.</summary>
public enum DuplicateKind
{
    /// <summary>Not a duplicate: kept.</summary>
    None,

    /// <summary>Identical after normalisation (case, punctuation, whitespace).</summary>
    Exact,

    /// <summary>Estimated word-shingle Jaccard similarity at or above the threshold.</summary>
    Near,
}
