namespace MidTrain.Judges.Pairwise;

/// <summary>Two answers to one question, to be compared.</summary>
/// <param name="Id">The pair's id (for reports and labels).</param>
/// <param name="Question">The question both answers reply to.</param>
/// <param name="AnswerA">Answer A.</param>
/// <param name="AnswerB">Answer B.</param>
/// <param name="Passage">An optional reference passage shown to the judge.</param>
public sealed record PairwiseItem(string Id, string Question, string AnswerA, string AnswerB, string? Passage = null);
