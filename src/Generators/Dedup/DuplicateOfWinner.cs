namespace MidTrain.Generators.Dedup;

/// <summary>Why a text loses in <see cref="DuplicateDecisions"/>. Immutable.</summary>
/// <param name="KeptId">The id of the cluster member that is kept.</param>
/// <param name="ClusterSize">Texts in the cluster.</param>
/// <param name="Exact">Whether the text has the same normalised text as the kept one.</param>
public sealed record DuplicateOfWinner(string KeptId, int ClusterSize, bool Exact);
