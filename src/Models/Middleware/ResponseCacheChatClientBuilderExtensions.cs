using Microsoft.Extensions.AI;

namespace MidTrain.Models.Middleware;

/// <summary>Adds the on-disk response cache to a chat client pipeline.</summary>
public static class ResponseCacheChatClientBuilderExtensions
{
    /// <summary>
    /// Answers a request seen before (same model fingerprint, messages, options and seed) from
    /// <paramref name="directory"/>, so a re-run or a run sharing the folder makes no model call; cache hits are counted
    /// in <paramref name="usage"/>. Entries are written atomically; thread-safe.
    /// </summary>
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, string directory, string fingerprint, ModelUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return builder.Use(inner => new ResponseCacheChatClient(inner, directory, fingerprint, usage));
    }
}
