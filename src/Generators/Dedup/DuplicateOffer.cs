namespace MidTrain.Generators.Dedup;

/// <summary>The answer to <see cref="NearDuplicateIndex.Offer"/>. Immutable.</summary>
/// <param name="DuplicateOf">A near-duplicate with a smaller key already in the index (the text is rejected), or null (kept for now).</param>
/// <param name="Exact">Whether that duplicate has the same normalised text.</param>
public sealed record DuplicateOffer(string? DuplicateOf, bool Exact)
{
    /// <summary>Kept for now (<see cref="NearDuplicateIndex.Settle"/> decides finally).</summary>
    public static DuplicateOffer Kept { get; } = new(null, false);

    /// <summary>Whether the text is rejected now (final).</summary>
    public bool IsDuplicate => DuplicateOf is not null;
}
