using System.Text.Json.Serialization;

namespace MidTrain.Judges.Panel;

/// <summary>How a <see cref="JudgePanel"/> turns per-criterion scores into accept/reject (YAML <c>aggregate</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PanelAggregation>))]
public enum PanelAggregation
{
    /// <summary><c>all</c>: every criterion's score is at least its threshold.</summary>
    [JsonStringEnumMemberName("all")]
    All,

    /// <summary><c>mean</c>: the unweighted mean of the criterion scores is at least <c>min_score</c>.</summary>
    [JsonStringEnumMemberName("mean")]
    Mean,

    /// <summary><c>weighted</c>: the weighted mean of the criterion scores (YAML <c>weights</c>, default 1) is at least <c>min_score</c>.</summary>
    [JsonStringEnumMemberName("weighted")]
    Weighted,

    /// <summary><c>majority</c>: more than half of the individual judgements (criterion × judge model) reach their threshold.</summary>
    [JsonStringEnumMemberName("majority")]
    Majority,
}
