namespace MidTrain.Models;

/// <summary>
/// Running totals for one model: backend calls, tokens, cache hits, retries and failures. Updated by the middleware;
/// thread-safe (interlocked counters), read any time.
/// </summary>
public sealed class ModelUsage
{
    private long _requests;
    private long _inputTokens;
    private long _outputTokens;
    private long _reasoningTokens;
    private long _cacheHits;
    private long _failures;
    private long _retries;
    private long _circuitOpened;

    /// <summary>Calls that passed the cache (cache hits excluded); a call retried three times still counts once, see <see cref="Retries"/>.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Prompt tokens reported by the backend.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens reported by the backend.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>
    /// Of <see cref="OutputTokens"/>, the tokens spent on reasoning traces: as the backend reported them, else counted
    /// with the model's tokenizer (local) or estimated from the trace's share of the text.
    /// </summary>
    public long ReasoningTokens => Interlocked.Read(ref _reasoningTokens);

    /// <summary>Calls answered from the response cache.</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Calls that failed for good (after retries).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Retry attempts made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Times the circuit breaker opened.</summary>
    public long CircuitOpened => Interlocked.Read(ref _circuitOpened);

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddTokens(long input, long output)
    {
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
    }

    internal void AddReasoningTokens(long reasoning) => Interlocked.Add(ref _reasoningTokens, reasoning);

    internal void AddCacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void AddFailure() => Interlocked.Increment(ref _failures);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddCircuitOpened() => Interlocked.Increment(ref _circuitOpened);

    /// <inheritdoc />
    public override string ToString() =>
        $"requests={Requests} tokens_in={InputTokens} tokens_out={OutputTokens} reasoning_tokens={ReasoningTokens} cache_hits={CacheHits} retries={Retries} failures={Failures}";
}
