using System.Text.Json.Serialization;

namespace MidTrain.Judges.Pairwise;

/// <summary>A pairwise verdict: which answer is better.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PairwiseWinner>))]
public enum PairwiseWinner
{
    /// <summary>Answer A (of the pair as given, or the answer shown first, depending on context).</summary>
    [JsonStringEnumMemberName("A")]
    A,

    /// <summary>Answer B (of the pair as given, or the answer shown second).</summary>
    [JsonStringEnumMemberName("B")]
    B,

    /// <summary>Neither is better (or, for a pair's final verdict, the two orders contradicted each other).</summary>
    [JsonStringEnumMemberName("tie")]
    Tie,
}
