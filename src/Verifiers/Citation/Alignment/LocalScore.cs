namespace MidTrain.Verifiers.Citation.Alignment;

/// <summary>The best local alignment score and where it ends in the target (exclusive; 0 when the score is 0).</summary>
/// <param name="Score">The optimal local alignment score (≥ 0).</param>
/// <param name="TargetEnd">Exclusive end in the target of the first column reaching <paramref name="Score"/>.</param>
public readonly record struct LocalScore(int Score, int TargetEnd);
