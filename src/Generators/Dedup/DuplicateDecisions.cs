namespace MidTrain.Generators.Dedup;

/// <summary>The result of <see cref="NearDuplicateIndex.Settle"/>: which texts lose, to which kept text. Immutable.</summary>
/// <param name="Texts">Texts in the index.</param>
/// <param name="Clusters">Clusters of two or more texts.</param>
/// <param name="Losers">Every rejected text's id, with the kept id and the cluster size.</param>
public sealed record DuplicateDecisions(int Texts, int Clusters, IReadOnlyDictionary<string, DuplicateOfWinner> Losers)
{
    /// <summary>The rejection reason written for a loser.</summary>
    public static string Reason(DuplicateOfWinner loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Reason(loss.KeptId, loss.Exact);
    }

    /// <summary>The rejection reason for a text that duplicates <paramref name="keptId"/>.</summary>
    public static string Reason(string keptId, bool exact)
    {
        ArgumentNullException.ThrowIfNull(keptId);
        return exact
            ? $"exact duplicate of sample {keptId} (the smallest canonical key of the cluster is kept)"
            : $"near-duplicate of sample {keptId} (word-shingle Jaccard ≥ threshold; the smallest canonical key of the cluster is kept)";
    }
}
