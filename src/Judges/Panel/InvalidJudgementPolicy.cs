using System.Text.Json.Serialization;

namespace MidTrain.Judges.Panel;

/// <summary>What a <see cref="JudgePanel"/> does with a sample when one of its judgements is invalid (YAML <c>on_invalid</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InvalidJudgementPolicy>))]
public enum InvalidJudgementPolicy
{
    /// <summary><c>reject</c>: the sample is rejected, the reason saying the judgement was invalid (not a low score).</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,

    /// <summary><c>fail</c>: the sample fails (it belongs in <c>failed.jsonl</c>, so a later run can retry it).</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,
}
