using System.Text.Json.Serialization;

namespace MidTrain.Core.Models;

/// <summary>
/// The log-probability of one generated token and its most likely alternatives at that position, as in OpenAI's
/// <c>choices[].logprobs.content[]</c> (the same JSON names). Backends that expose token probabilities (llama.cpp logits
/// locally, <c>logprobs</c>/<c>top_logprobs</c> remotely) attach a list of these, one per generated token, to the
/// response (<see cref="ChatLogprobs"/>). Immutable.
/// </summary>
public sealed record TokenLogprob
{
    /// <summary>Creates an entry.</summary>
    /// <param name="token">The token's text (a lossy UTF-8 decoding when the token is part of a multi-byte character).</param>
    /// <param name="logprob">Its natural-log probability under the model's unmodified distribution.</param>
    /// <param name="topLogprobs">The most likely tokens at this position, most likely first (empty unless requested).</param>
    /// <param name="bytes">The token's raw bytes, when known.</param>
    [JsonConstructor]
    public TokenLogprob(string token, double logprob, IReadOnlyList<TokenLogprob>? topLogprobs = null, IReadOnlyList<int>? bytes = null)
    {
        Token = token;
        Logprob = logprob;
        TopLogprobs = topLogprobs ?? [];
        Bytes = bytes;
    }

    /// <summary>The token's text.</summary>
    [JsonPropertyName("token")]
    public string Token { get; init; }

    /// <summary>Its natural-log probability.</summary>
    [JsonPropertyName("logprob")]
    public double Logprob { get; init; }

    /// <summary>The token's raw bytes, when known.</summary>
    [JsonPropertyName("bytes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Bytes { get; init; }

    /// <summary>The top alternatives at this position (including the generated token), most likely first.</summary>
    [JsonPropertyName("top_logprobs")]
    public IReadOnlyList<TokenLogprob> TopLogprobs { get; init; }
}
