using System.Text.Json.Serialization;

namespace MidTrain.Verifiers.Code;

/// <summary>How a stdin/stdout case's actual output is compared with the expected one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputComparison>))]
public enum OutputComparison
{
    /// <summary>Byte-for-byte equal after decoding (line endings normalised to <c>\n</c>).</summary>
    [JsonStringEnumMemberName("exact")] Exact,

    /// <summary>Equal as sequences of whitespace-separated tokens (the default: trailing spaces and newlines do not matter).</summary>
    [JsonStringEnumMemberName("whitespace")] Whitespace,

    /// <summary>Token by token: numbers equal within the tolerance (absolute or relative), other tokens exactly equal.</summary>
    [JsonStringEnumMemberName("numeric")] Numeric,
}
