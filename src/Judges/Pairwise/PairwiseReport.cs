using System.Text.Json.Serialization;

namespace MidTrain.Judges.Pairwise;

/// <summary>
/// Summary of a set of pairs judged in both orders: final verdict counts (inconsistent pairs count as ties), the flip
/// rate (share of valid pairs whose verdict changed when the order was swapped) and the first-position preference
/// (share of decisive single-order verdicts that chose the answer shown first: 0.5 is unbiased, 1.0 always picks the
/// first). Invalid pairs are counted apart and excluded from every rate. Immutable.
/// </summary>
public sealed record PairwiseReport
{
    /// <summary>Pairs judged.</summary>
    [JsonPropertyName("pairs")] public required int Pairs { get; init; }

    /// <summary>Pairs with a verdict in both orders.</summary>
    [JsonPropertyName("valid")] public required int Valid { get; init; }

    /// <summary>Pairs where either order gave no usable reply.</summary>
    [JsonPropertyName("invalid")] public required int Invalid { get; init; }

    /// <summary>Valid pairs won by A.</summary>
    [JsonPropertyName("wins_a")] public required int WinsA { get; init; }

    /// <summary>Valid pairs won by B.</summary>
    [JsonPropertyName("wins_b")] public required int WinsB { get; init; }

    /// <summary>Valid pairs whose combined verdict is a tie (inconsistent pairs included).</summary>
    [JsonPropertyName("ties")] public required int Ties { get; init; }

    /// <summary>Valid pairs whose two orders named different winners.</summary>
    [JsonPropertyName("inconsistent")] public required int Inconsistent { get; init; }

    /// <summary>Valid pairs whose verdict changed when the order was swapped.</summary>
    [JsonPropertyName("flips")] public required int Flips { get; init; }

    /// <summary><see cref="Flips"/> / <see cref="Valid"/>, or null when no pair is valid.</summary>
    [JsonPropertyName("flip_rate")] public double? FlipRate { get; init; }

    /// <summary>Share of decisive (non-tie) single-order verdicts of valid pairs that chose the answer shown first, or null when there is none.</summary>
    [JsonPropertyName("first_position_preference")] public double? FirstPositionPreference { get; init; }

    /// <summary>The pairs.</summary>
    [JsonPropertyName("judgements")] public required IReadOnlyList<PairwiseJudgement> Judgements { get; init; }

    /// <summary>Summarises <paramref name="judgements"/>.</summary>
    public static PairwiseReport From(IEnumerable<PairwiseJudgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        var all = judgements.ToArray();
        var valid = all.Where(j => j.IsValid).ToArray();
        var flips = valid.Count(j => j.Flipped);
        var trials = valid.SelectMany(j => new[] { j.OriginalOrder, j.SwappedOrder }).ToArray();
        var decisive = trials.Count(t => t.Position != PairwiseWinner.Tie);
        var first = trials.Count(t => t.Position == PairwiseWinner.A);
        return new PairwiseReport
        {
            Pairs = all.Length,
            Valid = valid.Length,
            Invalid = all.Length - valid.Length,
            WinsA = valid.Count(j => j.Winner == PairwiseWinner.A),
            WinsB = valid.Count(j => j.Winner == PairwiseWinner.B),
            Ties = valid.Count(j => j.Winner == PairwiseWinner.Tie),
            Inconsistent = valid.Count(j => j.Inconsistent),
            Flips = flips,
            FlipRate = valid.Length == 0 ? null : (double)flips / valid.Length,
            FirstPositionPreference = decisive == 0 ? null : (double)first / decisive,
            Judgements = all,
        };
    }
}
