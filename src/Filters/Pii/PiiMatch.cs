namespace MidTrain.Filters.Pii;

/// <summary>One piece of personal data found in a text: its kind and its span [<see cref="Start"/>, <see cref="End"/>) (UTF-16 offsets).</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">Inclusive start offset.</param>
/// <param name="End">Exclusive end offset.</param>
public readonly record struct PiiMatch(PiiKind Kind, int Start, int End)
{
    /// <summary>The span's length.</summary>
    public int Length => End - Start;
}
