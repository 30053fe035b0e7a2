namespace MidTrain.Models.Middleware;

/// <summary>Settings of the resilience layer, taken from a <see cref="ModelSpec"/>. Immutable.</summary>
/// <param name="AttemptTimeout">Per-attempt timeout.</param>
/// <param name="MaxRetries">Retries after the first attempt (0: none).</param>
/// <param name="BaseDelay">First backoff delay (exponential with jitter afterwards).</param>
/// <param name="MaxDelay">Cap on any delay, including a server's <c>Retry-After</c>.</param>
/// <param name="MaxConcurrency">Attempts in flight at once.</param>
/// <param name="FailureRatio">Failure ratio that opens the circuit.</param>
/// <param name="MinimumThroughput">Calls in the window before the circuit may open.</param>
/// <param name="SamplingDuration">The breaker's sampling window.</param>
/// <param name="BreakDuration">How long the circuit stays open.</param>
public sealed record ResilienceSettings(
    TimeSpan AttemptTimeout,
    int MaxRetries,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    int MaxConcurrency,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    /// <summary>The settings of <paramref name="spec"/>.</summary>
    public static ResilienceSettings From(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(
            spec.RequestTimeout,
            spec.MaxRetries,
            TimeSpan.FromSeconds(spec.RetryDelaySeconds),
            TimeSpan.FromSeconds(spec.MaxRetryDelaySeconds),
            spec.EffectiveMaxConcurrency,
            spec.CircuitFailureRatio,
            spec.CircuitMinimumThroughput,
            TimeSpan.FromSeconds(Math.Max(0.5, spec.CircuitSamplingSeconds)),
            TimeSpan.FromSeconds(Math.Max(0.5, spec.CircuitBreakSeconds)));
    }
}
