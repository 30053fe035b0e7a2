using System.Text.Json;
using System.Text.Json.Serialization;

namespace MidTrain.Models;

/// <summary>
/// The log-probability of one generated token and its most likely alternatives, as in OpenAI's
/// <c>choices[].logprobs.content[]</c>. Immutable.
/// </summary>
public sealed record TokenLogprob
{
    /// <summary>The key under which a list of these is stored in <c>ChatResponse.AdditionalProperties</c>.</summary>
    public const string AdditionalPropertiesKey = "logprobs";

    /// <summary>The token's text (a lossy UTF-8 decoding when the token is part of a multi-byte character).</summary>
    [JsonPropertyName("token")] public required string Token { get; init; }

    /// <summary>Natural log of the token's probability under the model's unmodified distribution.</summary>
    [JsonPropertyName("logprob")] public required double Logprob { get; init; }

    /// <summary>The token's raw bytes.</summary>
    [JsonPropertyName("bytes")] public IReadOnlyList<int>? Bytes { get; init; }

    /// <summary>The most likely tokens at this position, most likely first (empty unless top-k was requested).</summary>
    [JsonPropertyName("top_logprobs")] public IReadOnlyList<TokenLogprob> TopLogprobs { get; init; } = [];

    /// <summary>
    /// The per-token log-probabilities attached to <paramref name="response"/>, or null when none were requested or the
    /// backend has none. Works on fresh responses (a typed list) and on responses replayed from the cache (JSON).
    /// </summary>
    public static IReadOnlyList<TokenLogprob>? From(Microsoft.Extensions.AI.ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.AdditionalProperties is null || !response.AdditionalProperties.TryGetValue(AdditionalPropertiesKey, out var value))
        {
            return null;
        }

        return value switch
        {
            IReadOnlyList<TokenLogprob> list => list,
            JsonElement json => json.Deserialize<List<TokenLogprob>>(),
            _ => null,
        };
    }
}
