namespace MidTrain.Models;

/// <summary>
/// One entry of the pipeline YAML's <c>models:</c> section (DESIGN §5b). <c>provider: llama</c> runs a GGUF in-process
/// (<c>path</c>, <c>context</c>, <c>parallel</c>, <c>threads</c>, <c>gpu_layers</c>); <c>provider: openai</c> calls an
/// OpenAI-compatible server (<c>endpoint</c> or <c>endpoints</c>, <c>model</c>, <c>api_key_env</c>,
/// <c>max_concurrency</c>). Resilience keys (<c>timeout_s</c>, <c>max_retries</c>, …) apply to both. Mutable for
/// configuration binding; call <see cref="Validate"/> once bound, then treat as read-only.
/// </summary>
public sealed class ModelSpec
{
    /// <summary>The word <c>path: tiny</c> uses for the built-in random-weight test model.</summary>
    public const string TinyPath = "tiny";

    /// <summary>The model's name in the YAML (the key under <c>models:</c>); used in messages and cache paths.</summary>
    public string Name { get; set; } = "model";

    /// <summary><c>llama</c> (in-process llama.cpp) or <c>openai</c> (OpenAI-compatible HTTP endpoint).</summary>
    public string Provider { get; set; } = "llama";

    /// <summary>GGUF file path (llama), or <c>tiny</c> for the built-in test model (meaningless output).</summary>
    public string? Path { get; set; }

    /// <summary>Context size shared by all parallel sequences (llama). Default 4096.</summary>
    public int Context { get; set; } = 4096;

    /// <summary>Sequences decoded together (llama). Default 4.</summary>
    public int Parallel { get; set; } = 4;

    /// <summary>CPU threads (llama); null = half the cores, at least 1.</summary>
    public int? Threads { get; set; }

    /// <summary>Layers offloaded to the GPU (llama; needs the CUDA backend build). Default 0.</summary>
    public int GpuLayers { get; set; }

    /// <summary>Tokens per decode batch (llama). Default 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Single endpoint URL including <c>/v1</c> (openai); merged into <see cref="Endpoints"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Endpoint URLs including <c>/v1</c> (openai), balanced by least outstanding requests.</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Model id sent to the server (openai); for llama, an optional display id (default: file name).</summary>
    public string? Model { get; set; }

    /// <summary>Name of the environment variable that holds the API key (openai; optional for keyless local servers).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Requests in flight at once through this model's client. Default: 16 (openai), <see cref="Parallel"/> × 2 (llama).</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Per-attempt timeout in seconds (<c>timeout_s</c>). Default 300.</summary>
    public double TimeoutSeconds { get; set; } = 300;

    /// <summary>The per-attempt timeout as a <see cref="TimeSpan"/> (same value as <see cref="TimeoutSeconds"/>).</summary>
    public TimeSpan RequestTimeout
    {
        get => TimeSpan.FromSeconds(TimeoutSeconds);
        set => TimeoutSeconds = value.TotalSeconds;
    }

    /// <summary>Retries after the first attempt (<c>max_retries</c>). Default 4; 0 disables retrying.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay in seconds (<c>retry_delay_s</c>), doubled per attempt with jitter. Default 1.</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>Longest wait between attempts in seconds, including <c>Retry-After</c> (<c>max_retry_delay_s</c>). Default 60.</summary>
    public double MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>Failure ratio that opens the circuit (<c>circuit_failure_ratio</c>). Default 0.5.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open (<c>circuit_min_calls</c>). Default 10.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>Sampling window of the breaker in seconds (<c>circuit_window_s</c>). Default 30.</summary>
    public double CircuitSamplingSeconds { get; set; } = 30;

    /// <summary>How long the circuit stays open in seconds (<c>circuit_break_s</c>). Default 15.</summary>
    public double CircuitBreakSeconds { get; set; } = 15;

    /// <summary>Output token limit when a request sets none (<c>max_tokens</c>). Default 512.</summary>
    public int MaxTokens { get; set; } = 512;

    /// <summary>Sampling seed when a request sets none (llama; <c>seed</c>). Default 0, so unseeded calls are still reproducible.</summary>
    public long Seed { get; set; }

    /// <summary>True for <c>provider: llama</c>.</summary>
    public bool IsLocal => string.Equals(Provider, "llama", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <see cref="Path"/> is <c>tiny</c>.</summary>
    public bool IsTiny => IsLocal && string.Equals(Path, TinyPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>All endpoints (<see cref="Endpoint"/> first, then <see cref="Endpoints"/>), de-duplicated.</summary>
    public IReadOnlyList<string> AllEndpoints =>
        (Endpoint is { Length: > 0 } single ? Endpoints.Prepend(single) : Endpoints).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The effective concurrency limit.</summary>
    public int EffectiveMaxConcurrency => MaxConcurrency ?? (IsLocal ? Parallel * 2 : 16);

    /// <summary>The effective CPU thread count.</summary>
    public int EffectiveThreads => Threads ?? Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Checks every setting; throws <see cref="ModelConfigurationException"/> naming the first bad key.</summary>
    public void Validate()
    {
        var prefix = $"models.{Name}.";
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ModelConfigurationException("models", "a model needs a name");
        }

        if (!IsLocal && !string.Equals(Provider, "openai", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelConfigurationException(prefix + "provider", $"must be 'llama' or 'openai', got '{Provider}'");
        }

        Positive(prefix + "timeout_s", TimeoutSeconds);
        if (MaxRetries is < 0 or > 100)
        {
            throw new ModelConfigurationException(prefix + "max_retries", "must be between 0 and 100");
        }

        Positive(prefix + "retry_delay_s", RetryDelaySeconds);
        Positive(prefix + "max_retry_delay_s", MaxRetryDelaySeconds);
        if (CircuitFailureRatio is <= 0 or > 1)
        {
            throw new ModelConfigurationException(prefix + "circuit_failure_ratio", "must be in (0, 1]");
        }

        if (CircuitMinimumThroughput < 2)
        {
            throw new ModelConfigurationException(prefix + "circuit_min_calls", "must be at least 2");
        }

        Positive(prefix + "circuit_window_s", CircuitSamplingSeconds);
        Positive(prefix + "circuit_break_s", CircuitBreakSeconds);
        if (MaxTokens < 1)
        {
            throw new ModelConfigurationException(prefix + "max_tokens", "must be at least 1");
        }

        if (MaxConcurrency is < 1)
        {
            throw new ModelConfigurationException(prefix + "max_concurrency", "must be at least 1");
        }

        if (IsLocal)
        {
            if (string.IsNullOrWhiteSpace(Path))
            {
                throw new ModelConfigurationException(prefix + "path", "a llama model needs 'path' (a GGUF file, or 'tiny')");
            }

            if (!IsTiny && !File.Exists(Path))
            {
                throw new ModelConfigurationException(prefix + "path", $"GGUF file not found: {Path}");
            }

            if (Context < 64)
            {
                throw new ModelConfigurationException(prefix + "context", "must be at least 64");
            }

            if (Parallel is < 1 or > 256)
            {
                throw new ModelConfigurationException(prefix + "parallel", "must be between 1 and 256");
            }

            if (Threads is < 1)
            {
                throw new ModelConfigurationException(prefix + "threads", "must be at least 1");
            }

            if (GpuLayers < 0)
            {
                throw new ModelConfigurationException(prefix + "gpu_layers", "must be 0 or more");
            }

            if (BatchSize is < 1)
            {
                throw new ModelConfigurationException(prefix + "batch_size", "must be at least 1");
            }

            if (MaxTokens >= Context)
            {
                throw new ModelConfigurationException(prefix + "max_tokens", $"must be below context ({Context})");
            }
        }
        else
        {
            var endpoints = AllEndpoints;
            if (endpoints.Count == 0)
            {
                throw new ModelConfigurationException(prefix + "endpoint", "an openai model needs 'endpoint' or 'endpoints'");
            }

            foreach (var endpoint in endpoints)
            {
                var key = Endpoints.Contains(endpoint) ? prefix + "endpoints" : prefix + "endpoint";
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ModelConfigurationException(key, $"not an http(s) URL: {endpoint}");
                }

                if (!uri.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
                {
                    throw new ModelConfigurationException(key, $"must end with /v1 (e.g. http://127.0.0.1:8000/v1), got {endpoint}");
                }
            }

            if (string.IsNullOrWhiteSpace(Model))
            {
                throw new ModelConfigurationException(prefix + "model", "an openai model needs 'model' (the id the server serves)");
            }

            if (ApiKeyEnv is { Length: > 0 } env && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(env)))
            {
                throw new ModelConfigurationException(prefix + "api_key_env", $"environment variable {env} is not set");
            }
        }
    }

    private static void Positive(string key, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ModelConfigurationException(key, "must be a positive number");
        }
    }
}
