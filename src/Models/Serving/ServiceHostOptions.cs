namespace MidTrain.Models.Serving;

/// <summary>
/// What <see cref="ServiceHost"/> needs of a server's options: where to listen, the key, the body limit and the time
/// limits. Each server maps its own validated options onto it (<see cref="OpenAiServerOptions"/>, the reward server's
/// options); defaults live in those, not here. Immutable.
/// </summary>
internal sealed record ServiceHostOptions
{
    /// <summary>Address to bind (an IP address).</summary>
    public required string Host { get; init; }

    /// <summary>Port; 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>The bearer key every route but <c>/health</c> requires, or null for none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Largest request body in bytes (larger: 413).</summary>
    public required long MaxRequestBodyBytes { get; init; }

    /// <summary>Longest a request may take from arrival, queueing included (then 504).</summary>
    public required TimeSpan RequestTimeout { get; init; }

    /// <summary>On stop, how long requests in flight may run before they are cancelled.</summary>
    public required TimeSpan ShutdownTimeout { get; init; }

    /// <summary>The <c>Retry-After</c> sent with a 429.</summary>
    public required TimeSpan RetryAfter { get; init; }

    /// <summary>The host options of an OpenAI-compatible server.</summary>
    public static ServiceHostOptions From(OpenAiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ServiceHostOptions
        {
            Host = options.Host,
            Port = options.Port,
            ApiKey = options.ApiKey,
            MaxRequestBodyBytes = options.MaxRequestBodyBytes,
            RequestTimeout = options.RequestTimeout,
            ShutdownTimeout = options.ShutdownTimeout,
            RetryAfter = options.RetryAfter,
        };
    }
}
