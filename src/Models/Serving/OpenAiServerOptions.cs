using System.Net;
using MidTrain.Core.Configuration;

namespace MidTrain.Models.Serving;

/// <summary>
/// Where and what <see cref="OpenAiCompatibleServer"/> serves, who may call it and how much it takes on. Defaults live
/// here only (<c>midtrain serve</c> passes a flag's value only when it is given). Call <see cref="Validate"/> after
/// building by hand; the server calls it too. Not thread-safe to mutate; the server reads it once.
/// </summary>
public sealed class OpenAiServerOptions : IValidatableOptions
{
    /// <summary>Address to bind (an IP address); loopback by default so nothing is exposed unless asked.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (see <see cref="OpenAiCompatibleServer.BaseAddress"/>).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>The chat model id listed by <c>/v1/models</c>, required in requests and echoed in responses.</summary>
    public string ModelId { get; init; } = "local";

    /// <summary>The embedding model id (when an embedding generator is served).</summary>
    public string? EmbeddingModelId { get; init; }

    /// <summary>
    /// The key clients must send as <c>Authorization: Bearer KEY</c> on every route but <c>/health</c>; null serves
    /// without authentication (allowed on loopback only, unless <see cref="InsecureNoAuth"/>). Never logged.
    /// </summary>
    [ConfigIgnore]
    public string? ApiKey { get; init; }

    /// <summary>Allows binding a non-loopback address without <see cref="ApiKey"/>: anyone who can reach it may use it.</summary>
    public bool InsecureNoAuth { get; init; }

    /// <summary>Chat requests given to the backend at once (default 8; <c>midtrain serve</c> uses its <c>--parallel</c>, the batch size).</summary>
    public int Parallel { get; init; } = 8;

    /// <summary>Requests that may wait for a free slot beyond <see cref="Parallel"/> (default 64); more get 429 with <c>Retry-After</c>.</summary>
    public int MaxQueue { get; init; } = 64;

    /// <summary>Largest request body in bytes (default 8 MiB); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>
    /// Largest <c>max_tokens</c> / <c>max_completion_tokens</c> a request may ask for (default 4096); larger values get
    /// 400. A request that sets neither gets the backend's default (512 for <c>midtrain serve</c>).
    /// </summary>
    public int MaxTokensLimit { get; init; } = 4096;

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

        if (string.IsNullOrWhiteSpace(ModelId))
        {
            throw new OptionsValidationException("model_id", "must not be empty");
        }

        if (ApiKey is not null && (ApiKey.Length == 0 || ApiKey.Any(char.IsWhiteSpace)))
        {
            throw new OptionsValidationException("api_key", "must be non-empty and contain no whitespace");
        }

        if (ApiKey is null && !IsLoopback && !InsecureNoAuth)
        {
            throw new OptionsValidationException("api_key", $"binding {Host} (not loopback) needs an API key; serving without one lets anyone who can reach the port use the model");
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

        if (MaxTokensLimit < 1)
        {
            throw new OptionsValidationException("max_tokens_limit", "must be at least 1");
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
