using System.Text.Json.Serialization;

namespace MidTrain.Judges.Pairwise;

/// <summary>
/// A pair judged in both orders, and the combined verdict (JudgeBench scoring): the same verdict in both orders, or a
/// winner in one order and a tie in the other, gives that verdict; contradicting winners (A in one order, B in the
/// other) are <see cref="Inconsistent"/> and count as a tie. The pair is invalid when either trial is. Immutable.
/// </summary>
public sealed record PairwiseJudgement
{
    /// <summary>The pair's id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>The judge model.</summary>
    [JsonPropertyName("judge")] public required string Judge { get; init; }

    /// <summary>The trial with the answers in the given order (A shown first).</summary>
    [JsonPropertyName("original_order")] public required PairwiseTrial OriginalOrder { get; init; }

    /// <summary>The trial with the answers swapped (B shown first).</summary>
    [JsonPropertyName("swapped_order")] public required PairwiseTrial SwappedOrder { get; init; }

    /// <summary>Whether both trials gave a verdict.</summary>
    [JsonPropertyName("valid")] public bool IsValid => OriginalOrder.IsValid && SwappedOrder.IsValid;

    /// <summary>Whether the verdict changed when the order was swapped (any change, ties included).</summary>
    [JsonPropertyName("flipped")] public bool Flipped => IsValid && OriginalOrder.Winner != SwappedOrder.Winner;

    /// <summary>Whether the two orders named different winners (A in one, B in the other).</summary>
    [JsonPropertyName("inconsistent")]
    public bool Inconsistent => IsValid && OriginalOrder.Winner != PairwiseWinner.Tie && SwappedOrder.Winner != PairwiseWinner.Tie
        && OriginalOrder.Winner != SwappedOrder.Winner;

    /// <summary>The combined verdict, or null when the pair is invalid.</summary>
    [JsonPropertyName("winner")]
    public PairwiseWinner? Winner
    {
        get
        {
            if (!IsValid)
            {
                return null;
            }

            var first = OriginalOrder.Winner!.Value;
            var second = SwappedOrder.Winner!.Value;
            if (first == second)
            {
                return first;
            }

            if (first == PairwiseWinner.Tie)
            {
                return second;
            }

            return second == PairwiseWinner.Tie ? first : PairwiseWinner.Tie;
        }
    }
}
