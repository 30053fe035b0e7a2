namespace MidTrain.Core.Reasoning;

/// <summary>A text separated into its leading reasoning trace and the answer after it (see <see cref="ReasoningTags.Split"/>). Immutable.</summary>
/// <param name="Reasoning">The trace, trimmed (empty for an empty trace), or null when the text has none.</param>
/// <param name="Answer">The answer: the text after the trace (the whole text when there is no trace).</param>
/// <param name="AnswerStart">The character offset of <paramref name="Answer"/> in the original text.</param>
/// <param name="Status">Whether there was a trace and whether it was closed.</param>
public sealed record ReasoningSplit(string? Reasoning, string Answer, int AnswerStart, ReasoningTraceStatus Status);
