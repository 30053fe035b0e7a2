using System.Text.Json.Serialization;

namespace MidTrain.Core.Records;

/// <summary>What a verifier concluded about a sample.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerdictOutcome>))]
public enum VerdictOutcome
{
    /// <summary>The sample was checked and is correct.</summary>
    [JsonStringEnumMemberName("pass")] Pass,

    /// <summary>The sample was checked and is wrong.</summary>
    [JsonStringEnumMemberName("fail")] Fail,

    /// <summary>The sample could not be checked (nothing to extract, unparseable, missing field). Never folded into <see cref="Fail"/>.</summary>
    [JsonStringEnumMemberName("invalid")] Invalid,
}
