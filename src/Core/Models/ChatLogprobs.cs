using Microsoft.Extensions.AI;

namespace MidTrain.Core.Models;

/// <summary>
/// The convention by which callers ask for, and backends return, token log-probabilities through
/// <see cref="IChatClient"/>: request with <see cref="Request"/>; read with <see cref="FromResponse"/>.
/// </summary>
public static class ChatLogprobs
{
    /// <summary><c>ChatOptions.AdditionalProperties</c> key: number of top alternatives wanted per token (int, 1–20).</summary>
    public const string RequestKey = "top_logprobs";

    /// <summary><c>ChatResponse.AdditionalProperties</c> key holding an <c>IReadOnlyList&lt;TokenLogprob&gt;</c>.</summary>
    public const string ResponseKey = "midtrain.logprobs";

    /// <summary>Asks for <paramref name="top"/> alternatives per generated token.</summary>
    public static ChatOptions Request(ChatOptions options, int top)
    {
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[RequestKey] = top;
        return options;
    }

    /// <summary>The number of alternatives requested in <paramref name="options"/>, or 0.</summary>
    public static int Requested(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RequestKey, out var value) == true
            ? value switch { int i => i, long l => (int)l, _ => 0 }
            : 0;

    /// <summary>The token log-probabilities a backend attached to <paramref name="response"/>, or null.</summary>
    public static IReadOnlyList<TokenLogprob>? FromResponse(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(ResponseKey, out var value) == true ? value as IReadOnlyList<TokenLogprob> : null;

    /// <summary>Attaches <paramref name="logprobs"/> to <paramref name="response"/>.</summary>
    public static void Attach(ChatResponse response, IReadOnlyList<TokenLogprob> logprobs)
    {
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[ResponseKey] = logprobs;
    }
}
