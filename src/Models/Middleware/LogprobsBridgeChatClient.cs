using Microsoft.Extensions.AI;
using MidTrain.Core.Models;

namespace MidTrain.Models.Middleware;

/// <summary>
/// Speaks the project-wide log-probability convention of <see cref="ChatLogprobs"/> (what judges ask for and read)
/// on top of this layer's wire convention (<c>logprobs: true</c> + <c>top_logprobs: k</c> in the request,
/// <see cref="TokenLogprob"/> under <see cref="TokenLogprob.AdditionalPropertiesKey"/> in the response, also when the
/// response is replayed from the cache). Options are cloned, never changed in place. Thread-safe.
/// </summary>
internal sealed class LogprobsBridgeChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var top = ChatLogprobs.Requested(options);
        if (top > 0 && options?.AdditionalProperties?.ContainsKey("logprobs") != true)
        {
            options = options!.Clone();
            options.AdditionalProperties = new AdditionalPropertiesDictionary(options.AdditionalProperties ?? []) { ["logprobs"] = true, ["top_logprobs"] = top };
        }

        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (top > 0 && ChatLogprobs.FromResponse(response) is null && TokenLogprob.From(response) is { } wire)
        {
            ChatLogprobs.Attach(response, wire.Select(t => new Core.Models.TokenLogprob(
                t.Token, t.Logprob, t.TopLogprobs.Select(a => new TokenAlternative(a.Token, a.Logprob)).ToArray())).ToArray());
        }

        return response;
    }
}
