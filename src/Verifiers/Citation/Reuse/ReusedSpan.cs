namespace MidTrain.Verifiers.Citation.Reuse;

/// <summary>
/// A stretch of an answer that reproduces a stretch of a source. Spans are raw character offsets, half-open.
/// <see cref="Marked"/> is true when it overlaps a quote the answer marks as such. Immutable.
/// </summary>
/// <param name="SourceId">The source reused.</param>
/// <param name="AnswerStart">Start in the answer.</param>
/// <param name="AnswerEnd">End in the answer.</param>
/// <param name="SourceStart">Start in the source.</param>
/// <param name="SourceEnd">End in the source.</param>
/// <param name="Identity">Match columns / alignment columns.</param>
/// <param name="Marked">Whether the span overlaps a marked quote.</param>
public sealed record ReusedSpan(string SourceId, int AnswerStart, int AnswerEnd, int SourceStart, int SourceEnd, double Identity, bool Marked);
