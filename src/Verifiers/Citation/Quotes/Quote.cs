namespace MidTrain.Verifiers.Citation.Quotes;

/// <summary>A passage a text claims to quote, with the source it cites (null when uncited). Immutable.</summary>
/// <param name="Text">The quoted text as written (may contain ellipses marking omissions).</param>
/// <param name="SourceId">The cited source id as written, or null.</param>
public sealed record Quote(string Text, string? SourceId)
{
    /// <summary>Inclusive start of the quote in the answer it was extracted from, or -1.</summary>
    public int AnswerStart { get; init; } = -1;

    /// <summary>Exclusive end of the quote in the answer it was extracted from, or -1.</summary>
    public int AnswerEnd { get; init; } = -1;
}
