using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MidTrain.Core.Models;

/// <summary>
/// The one convention by which callers ask for, and backends return, token log-probabilities through
/// <see cref="IChatClient"/> — the OpenAI wire names, so a server, a remote or local backend and the response cache all
/// speak it: request with <see cref="Request"/> (<c>logprobs: true</c>, <c>top_logprobs: k</c> in
/// <c>ChatOptions.AdditionalProperties</c>); read with <see cref="FromResponse"/> (a list of <see cref="TokenLogprob"/>
/// under <c>logprobs</c> in <c>ChatResponse.AdditionalProperties</c>, also when the response was replayed from the cache
/// as JSON). Stateless.
/// </summary>
public static class ChatLogprobs
{
    /// <summary><c>ChatOptions.AdditionalProperties</c> key: whether log-probabilities are wanted (bool).</summary>
    public const string RequestFlag = "logprobs";

    /// <summary><c>ChatOptions.AdditionalProperties</c> key: number of top alternatives wanted per token (int, 0–20).</summary>
    public const string RequestKey = "top_logprobs";

    /// <summary><c>ChatResponse.AdditionalProperties</c> (and streaming updates') key holding an <c>IReadOnlyList&lt;TokenLogprob&gt;</c>.</summary>
    public const string ResponseKey = "logprobs";

    /// <summary>Asks for log-probabilities with <paramref name="top"/> alternatives per generated token.</summary>
    public static ChatOptions Request(ChatOptions options, int top)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[RequestFlag] = true;
        options.AdditionalProperties[RequestKey] = top;
        return options;
    }

    /// <summary>The number of alternatives requested in <paramref name="options"/>, or 0 (also when only the flag is set).</summary>
    public static int Requested(ChatOptions? options) => TopRequested(options) ?? 0;

    /// <summary>Null when no log-probabilities are requested; else the number of alternatives wanted (0 for the chosen token only).</summary>
    public static int? TopRequested(ChatOptions? options)
    {
        var properties = options?.AdditionalProperties;
        if (properties is null)
        {
            return null;
        }

        var flag = properties.TryGetValue(RequestFlag, out var f) && f is true or JsonElement { ValueKind: JsonValueKind.True };
        var top = properties.TryGetValue(RequestKey, out var k) ? k switch
        {
            int i => i,
            long l => (int)l,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var n) => n,
            _ => (int?)null,
        } : null;
        return flag || top > 0 ? Math.Clamp(top ?? 0, 0, 20) : null;
    }

    /// <summary>The token log-probabilities attached to <paramref name="response"/>, or null.</summary>
    public static IReadOnlyList<TokenLogprob>? FromResponse(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return From(response.AdditionalProperties);
    }

    /// <summary>The token log-probabilities in <paramref name="properties"/> (a response's or a streaming update's), or null.</summary>
    public static IReadOnlyList<TokenLogprob>? From(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(ResponseKey, out var value) == true
            ? value switch
            {
                IReadOnlyList<TokenLogprob> list => list,
                JsonElement { ValueKind: JsonValueKind.Array } json => json.Deserialize<List<TokenLogprob>>(),
                _ => null,
            }
            : null;

    /// <summary>Attaches <paramref name="logprobs"/> to <paramref name="response"/>.</summary>
    public static void Attach(ChatResponse response, IReadOnlyList<TokenLogprob> logprobs)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[ResponseKey] = logprobs;
    }
}
