using System.Net;
using MidTrain.Core.Configuration;

namespace MidTrain.Models.Serving;

/// <summary>
/// The hosting settings every MidTrain server shares (<see cref="OpenAiServerOptions"/>, the reward server's options):
/// where to listen, who may call, how much work it takes on, the body limit and the time limits, with their checks.
/// <see cref="ServiceHost"/> runs on them. Each server's options derive from this type and give the defaults that differ
/// between servers (port, parallelism, queue, body limit) to its constructor; the rest are defaulted here. Call
/// <see cref="Validate"/> after building by hand; the servers call it too. Init-only: the server reads it once.
/// </summary>
public abstract class ServiceHostOptions : IValidatableOptions
{
    private readonly string _exposure;

    /// <summary>Sets the defaults that differ between servers.</summary>
    /// <param name="port">Default <see cref="Port"/>.</param>
    /// <param name="parallel">Default <see cref="Parallel"/>.</param>
    /// <param name="maxQueue">Default <see cref="MaxQueue"/>.</param>
    /// <param name="maxRequestBodyBytes">Default <see cref="MaxRequestBodyBytes"/>.</param>
    /// <param name="exposure">What anyone who can reach an unauthenticated public port could do, for the error that refuses it (e.g. "use the model").</param>
    protected ServiceHostOptions(int port, int parallel, int maxQueue, long maxRequestBodyBytes, string exposure)
    {
        Port = port;
        Parallel = parallel;
        MaxQueue = maxQueue;
        MaxRequestBodyBytes = maxRequestBodyBytes;
        _exposure = exposure;
    }

    /// <summary>Address to bind (an IP address); loopback by default so nothing is exposed unless asked.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (the server's <c>BaseAddress</c> tells which).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The key clients must send as <c>Authorization: Bearer KEY</c> on every route but <c>/health</c>; null serves
    /// without authentication (allowed on loopback only, unless <see cref="InsecureNoAuth"/>). Never logged.
    /// </summary>
    [ConfigIgnore]
    public string? ApiKey { get; init; }

    /// <summary>Allows binding a non-loopback address without <see cref="ApiKey"/>: anyone who can reach it may use it.</summary>
    public bool InsecureNoAuth { get; init; }

    /// <summary>Requests handled at once (what one request is depends on the server).</summary>
    public int Parallel { get; init; }

    /// <summary>Requests that may wait for a free slot beyond <see cref="Parallel"/>; more get 429 with <c>Retry-After</c>.</summary>
    public int MaxQueue { get; init; }

    /// <summary>Largest request body in bytes; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; }

    /// <summary>Longest a request may take from arrival (queueing included) before it is cancelled with 504 (<c>request_timeout_s</c>, default 600 s).</summary>
    [ConfigKey("request_timeout_s")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>On stop, how long requests in flight may run before they are cancelled (<c>shutdown_timeout_s</c>, default 10 s).</summary>
    [ConfigKey("shutdown_timeout_s")]
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>Retry-After</c> sent with a 429 (<c>retry_after_s</c>, default 1 s).</summary>
    [ConfigKey("retry_after_s")]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True when <see cref="Host"/> is a loopback address.</summary>
    public bool IsLoopback => IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address);

    /// <summary>Checks the hosting settings; a derived type checks its own after calling this.</summary>
    /// <exception cref="OptionsValidationException">A setting is out of range; the key names it.</exception>
    public virtual void Validate()
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
            throw new OptionsValidationException("api_key", $"binding {Host} (not loopback) needs an API key; serving without one lets anyone who can reach the port {_exposure}");
        }

        if (Parallel is < 1 or > 4096)
        {
            throw new OptionsValidationException("parallel", "must be between 1 and 4096");
        }

        if (MaxQueue is < 0 or > 1_000_000)
        {
            throw new OptionsValidationException("max_queue", "must be between 0 and 1000000");
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
