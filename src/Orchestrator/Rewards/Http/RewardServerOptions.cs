using System.Net;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Rewards.Http;

/// <summary>
/// Where and how <see cref="RewardServer"/> serves: address, key, and how much work it takes on. Defaults live here only
/// (<c>midtrain serve rewards</c> passes a flag's value only when it is given). The server calls <see cref="Validate"/>.
/// Not thread-safe to mutate; the server reads it once.
/// </summary>
public sealed class RewardServerOptions : IValidatableOptions
{
    /// <summary>Address to bind (an IP address); loopback by default so nothing is exposed unless asked.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (see <see cref="RewardServer.BaseAddress"/>). Default 8100 (next to <c>midtrain serve</c>'s 8000).</summary>
    public int Port { get; init; } = 8100;

    /// <summary>
    /// The key clients must send as <c>Authorization: Bearer KEY</c> on every route but <c>/health</c>; null serves
    /// without authentication (allowed on loopback only, unless <see cref="InsecureNoAuth"/>). Never logged.
    /// </summary>
    [ConfigIgnore]
    public string? ApiKey { get; init; }

    /// <summary>Allows binding a non-loopback address without <see cref="ApiKey"/>.</summary>
    public bool InsecureNoAuth { get; init; }

    /// <summary>Reward requests (each one item or a batch) handled at once (default 16); the items of all of them share the workers.</summary>
    public int Parallel { get; init; } = 16;

    /// <summary>Requests that may wait beyond <see cref="Parallel"/> (default 256); more get 429 with <c>Retry-After</c>.</summary>
    public int MaxQueue { get; init; } = 256;

    /// <summary>Most items in one request (a <c>batch</c>, OpenRLHF's <c>query</c>; default 4096); more is a 400.</summary>
    public int MaxBatch { get; init; } = 4096;

    /// <summary>Largest request body in bytes (default 64 MiB); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Longest a request may take from arrival, queueing included, before it is cancelled with 504 (default 600 s).</summary>
    [ConfigKey("request_timeout_s")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>On stop, how long requests in flight may run before they are cancelled (default 10 s).</summary>
    [ConfigKey("shutdown_timeout_s")]
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>Retry-After</c> sent with a 429 (default 1 s).</summary>
    [ConfigKey("retry_after_s")]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True when <see cref="Host"/> is a loopback address.</summary>
    public bool IsLoopback => IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address);

    /// <inheritdoc />
    public void Validate()
    {
        if (!IPAddress.TryParse(Host, out _))
        {
            throw new OptionsValidationException("host", $"must be an IP address, got '{Host}'");
        }

        if (Port is < 0 or > 65535)
        {
            throw new OptionsValidationException("port", "must be between 0 and 65535");
        }

        if (ApiKey is not null && (ApiKey.Length == 0 || ApiKey.Any(char.IsWhiteSpace)))
        {
            throw new OptionsValidationException("api_key", "must be non-empty and contain no whitespace");
        }

        if (ApiKey is null && !IsLoopback && !InsecureNoAuth)
        {
            throw new OptionsValidationException("api_key", $"binding {Host} (not loopback) needs an API key; serving without one lets anyone who can reach the port run code in the sandbox and use the judge models");
        }

        if (Parallel is < 1 or > 4096)
        {
            throw new OptionsValidationException("parallel", "must be between 1 and 4096");
        }

        if (MaxQueue is < 0 or > 1_000_000)
        {
            throw new OptionsValidationException("max_queue", "must be between 0 and 1000000");
        }

        if (MaxBatch is < 1 or > 1_000_000)
        {
            throw new OptionsValidationException("max_batch", "must be between 1 and 1000000");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            throw new OptionsValidationException("max_request_body_bytes", "must be at least 1024");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("request_timeout_s", "must be positive");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            throw new OptionsValidationException("shutdown_timeout_s", "must not be negative");
        }

        if (RetryAfter < TimeSpan.FromSeconds(1))
        {
            throw new OptionsValidationException("retry_after_s", "must be at least 1 s (Retry-After carries whole seconds)");
        }
    }
}
