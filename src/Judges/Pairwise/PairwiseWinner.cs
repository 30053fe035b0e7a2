namespace MidTrain.Judges.Pairwise;

/// <summary>A pairwise verdict: which answer is better.</summary>
public enum PairwiseWinner
{
    /// <summary>Answer A (of the pair as given, or the answer shown first, depending on context).</summary>
    A,

    /// <summary>Answer B (of the pair as given, or the answer shown second).</summary>
    B,

    /// <summary>Neither is better (or, for a pair's final verdict, the two orders contradicted each other).</summary>
    Tie,
}
