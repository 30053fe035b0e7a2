using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MidTrain.Models.Middleware;

/// <summary>Adds resilience (Polly: retry with backoff and jitter honouring Retry-After, per-attempt timeout, circuit breaker, concurrency limit).</summary>
public static class ResilienceChatClientBuilderExtensions
{
    /// <summary>
    /// Wraps the pipeline in the resilience layer configured by <paramref name="options"/> (copied and validated here).
    /// The one retry layer of a model: backends must not retry themselves. Retries and breaker openings are counted in
    /// <paramref name="usage"/>; times come from <paramref name="timeProvider"/> (a fake one in tests).
    /// </summary>
    public static ChatClientBuilder UseResilience(this ChatClientBuilder builder, ResilienceOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, ModelUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var copy = options.Clone();
        return builder.Use(inner => new ResilientChatClient(inner, copy, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, usage));
    }
}
