using System.Collections.Concurrent;

namespace MidTrain.Models;

/// <summary>
/// Running totals for one model: backend calls, tokens, cache hits, retries and failures, also by
/// <see cref="UsageScope"/> (the pipeline stage that made the call). Updated by the middleware; thread-safe
/// (interlocked counters), read any time.
/// </summary>
public sealed class ModelUsage
{
    private readonly ConcurrentDictionary<string, Counters> _scopes = new(StringComparer.Ordinal);
    private long _requests;
    private long _inputTokens;
    private long _cachedInputTokens;
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

    /// <summary>Prompt tokens the provider served from its prompt cache (part of <see cref="InputTokens"/>), where reported.</summary>
    public long CachedInputTokens => Interlocked.Read(ref _cachedInputTokens);

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

    /// <summary>Requests and tokens so far.</summary>
    public UsageTotals Totals => new(Requests, InputTokens, CachedInputTokens, OutputTokens);

    /// <summary>Requests and tokens so far by <see cref="UsageScope"/> (calls made outside a scope are in <see cref="Totals"/> only).</summary>
    public IReadOnlyDictionary<string, UsageTotals> ByScope =>
        _scopes.ToDictionary(p => p.Key, p => p.Value.Snapshot(), StringComparer.Ordinal);

    internal void AddRequest()
    {
        Interlocked.Increment(ref _requests);
        if (Scope() is { } scope)
        {
            Interlocked.Increment(ref scope.Requests);
        }
    }

    internal void AddTokens(long input, long output)
    {
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
        if (Scope() is { } scope)
        {
            Interlocked.Add(ref scope.InputTokens, input);
            Interlocked.Add(ref scope.OutputTokens, output);
        }
    }

    internal void AddCachedInputTokens(long cached)
    {
        Interlocked.Add(ref _cachedInputTokens, cached);
        if (Scope() is { } scope)
        {
            Interlocked.Add(ref scope.CachedInputTokens, cached);
        }
    }

    internal void AddReasoningTokens(long reasoning) => Interlocked.Add(ref _reasoningTokens, reasoning);

    internal void AddCacheHit() => Interlocked.Increment(ref _cacheHits);

    internal void AddFailure() => Interlocked.Increment(ref _failures);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddCircuitOpened() => Interlocked.Increment(ref _circuitOpened);

    private Counters? Scope() => UsageScope.Current is { } name ? _scopes.GetOrAdd(name, static _ => new Counters()) : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"requests={Requests} tokens_in={InputTokens} tokens_out={OutputTokens} reasoning_tokens={ReasoningTokens} cache_hits={CacheHits} retries={Retries} failures={Failures}";

    private sealed class Counters
    {
        public long Requests;
        public long InputTokens;
        public long CachedInputTokens;
        public long OutputTokens;

        public UsageTotals Snapshot() => new(Interlocked.Read(ref Requests), Interlocked.Read(ref InputTokens), Interlocked.Read(ref CachedInputTokens), Interlocked.Read(ref OutputTokens));
    }
}
