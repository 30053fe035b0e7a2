using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Models.Concurrency;

namespace MidTrain.Models.Middleware;

/// <summary>
/// Settings of the resilience layer of a model (the keys <c>timeout_s</c>, <c>max_retries</c>, <c>retry_delay_s</c>,
/// <c>max_retry_delay_s</c>, <c>max_concurrency</c> and the <c>circuit_*</c> keys of a <c>models:</c> entry): retry with
/// exponential backoff and jitter honouring <c>Retry-After</c>, a per-attempt timeout, a circuit breaker and a
/// concurrency limit (fixed, or adaptive per endpoint: <see cref="ConcurrencyLimit"/>). Defaults live here only; the layer copies the values.
/// </summary>
public sealed class ResilienceOptions : IValidatableOptions
{
    /// <summary>Per-attempt timeout (<c>timeout_s</c>, default 300 s).</summary>
    [ConfigKey("timeout_s")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Retries after the first attempt (default 4; 0 disables retrying).</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay (<c>retry_delay_s</c>, default 1 s), doubled per attempt with jitter.</summary>
    [ConfigKey("retry_delay_s")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, including a server's <c>Retry-After</c> (<c>max_retry_delay_s</c>, default 60 s).</summary>
    [ConfigKey("max_retry_delay_s")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>max_concurrency</c>: a fixed number of requests in flight through the model, or an adaptive limit per endpoint
    /// (<c>auto</c>, or <c>{min, max, initial, latency_tolerance}</c>; remote models only); null: a fixed 16 for remote
    /// models, 2 × parallel for local ones.
    /// </summary>
    [ConfigKey("max_concurrency")]
    [ConfigConverter(typeof(ConcurrencyLimitConverter))]
    public ConcurrencyLimit? Concurrency { get; set; }

    /// <summary>The fixed concurrency limit (null when unset or adaptive); setting it sets a fixed <see cref="Concurrency"/>.</summary>
    [ConfigIgnore]
    public int? MaxConcurrency
    {
        get => Concurrency is { IsAdaptive: false } limit ? limit.Max : null;
        set => Concurrency = value is { } n ? ConcurrencyLimit.Fixed(n) : null;
    }

    /// <summary>Whether the concurrency limit adapts per endpoint (<c>max_concurrency: auto</c>).</summary>
    public bool IsAdaptive => Concurrency is { IsAdaptive: true };

    /// <summary>Failure ratio that opens the circuit (default 0.5).</summary>
    [Range(0.01, 1)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the sampling window before the circuit may open (default 10).</summary>
    [Range(2, 1_000_000)]
    public int CircuitMinCalls { get; set; } = 10;

    /// <summary>The breaker's sampling window (<c>circuit_window_s</c>, default 30 s).</summary>
    [ConfigKey("circuit_window_s")]
    public TimeSpan CircuitWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open (<c>circuit_break_s</c>, default 15 s).</summary>
    [ConfigKey("circuit_break_s")]
    public TimeSpan CircuitBreak { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A copy.</summary>
    public ResilienceOptions Clone() => (ResilienceOptions)MemberwiseClone();

    /// <inheritdoc />
    public void Validate()
    {
        Concurrency?.Validate();
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("timeout_s", "must be positive");
        }

        if (BaseDelay <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("retry_delay_s", "must be positive");
        }

        if (MaxDelay <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("max_retry_delay_s", "must be positive");
        }

        if (CircuitWindow < TimeSpan.FromSeconds(0.5))
        {
            throw new OptionsValidationException("circuit_window_s", "must be at least 0.5 s");
        }

        if (CircuitBreak < TimeSpan.FromSeconds(0.5))
        {
            throw new OptionsValidationException("circuit_break_s", "must be at least 0.5 s");
        }
    }
}
