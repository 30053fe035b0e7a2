using System.Text.Json.Serialization;

namespace MidTrain.Judges.Panel;

/// <summary>The outcome of a <see cref="JudgePanel"/> decision.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PanelOutcome>))]
public enum PanelOutcome
{
    /// <summary>The sample passes the panel.</summary>
    [JsonStringEnumMemberName("accepted")]
    Accepted,

    /// <summary>The sample is rejected: scores below threshold, or an invalid judgement under <see cref="InvalidJudgementPolicy.Reject"/>.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>The sample could not be judged and <see cref="InvalidJudgementPolicy.Fail"/> is configured.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
