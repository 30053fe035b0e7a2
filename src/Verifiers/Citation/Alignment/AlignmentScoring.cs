namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>
/// Scores of an affine-gap local alignment (Gotoh): a match adds <see cref="Match"/>, a mismatch adds
/// <see cref="Mismatch"/> (zero or negative), and a gap of length k costs <see cref="GapOpen"/> + (k − 1) ·
/// <see cref="GapExtend"/> (the SSW/BLAST convention: the open penalty includes the first gap character). A linear gap
/// penalty g is <c>GapOpen = GapExtend = g</c>. Immutable.
/// </summary>
public sealed record AlignmentScoring
{
    /// <summary>Creates and validates a scoring scheme.</summary>
    public AlignmentScoring(int match, int mismatch, int gapOpen, int gapExtend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(match, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(match, 127);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mismatch, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(mismatch, -127);
        ArgumentOutOfRangeException.ThrowIfLessThan(gapExtend, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gapOpen, gapExtend);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gapOpen, 127);
        Match = match;
        Mismatch = mismatch;
        GapOpen = gapOpen;
        GapExtend = gapExtend;
    }

    /// <summary>The defaults used for citations: match 2, mismatch −1, gap open 3, gap extend 1.</summary>
    public static AlignmentScoring Default { get; } = new(2, -1, 3, 1);

    /// <summary>Score added for two equal characters (positive).</summary>
    public int Match { get; }

    /// <summary>Score added for two different characters (zero or negative).</summary>
    public int Mismatch { get; }

    /// <summary>Cost of opening a gap, including its first character (at least <see cref="GapExtend"/>).</summary>
    public int GapOpen { get; }

    /// <summary>Cost of each further gap character (positive).</summary>
    public int GapExtend { get; }
}
