using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using MidTrain.Models.Remote;

namespace MidTrain.Models.Concurrency;

/// <summary>
/// Spreads calls over one or more endpoints serving the same model, each with its own adaptive concurrency limit
/// (<see cref="AimdLimiter"/>, <c>max_concurrency: auto</c>). A call takes a slot on the healthy endpoint with the most
/// room (lowest in-flight ÷ limit), or waits, first come first served, until one frees; then it runs under the
/// per-attempt timeout, which starts once it has its slot (so queueing never times a request out). 429, 503 and
/// timeouts shrink the endpoint's limit; successes grow it. An endpoint failing with a transport, timeout or 5xx error
/// is benched for a cool-down unless every endpoint is. The retry layer above honours <c>Retry-After</c>. Thread-safe
/// (one lock for slots and limits).
/// </summary>
internal sealed class AdaptivePoolChatClient : ChatClientPool
{
    private readonly Member[] _members;
    private readonly TimeProvider _time;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeSpan _coolDown;
    private readonly Queue<TaskCompletionSource<Member>> _waiters = new();
    private readonly object _gate = new();

    public AdaptivePoolChatClient(IReadOnlyList<(string Endpoint, IChatClient Client)> endpoints, ConcurrencyLimit limit, TimeSpan attemptTimeout, TimeProvider time, TimeSpan coolDown)
        : base(endpoints.Select(e => e.Client).ToArray())
    {
        _time = time;
        _attemptTimeout = attemptTimeout;
        _coolDown = coolDown;
        var origin = time.GetTimestamp();
        _members = endpoints.Select(e => new Member(e.Endpoint, e.Client, new AimdLimiter(limit, time, origin))).ToArray();
        Concurrency = new AdaptiveConcurrency(limit, Snapshot);
    }

    /// <summary>The endpoints' limits (also answered by <see cref="GetService"/>).</summary>
    public AdaptiveConcurrency Concurrency { get; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var member = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        Outcome outcome = default;
        try
        {
            using var timeout = new CancellationTokenSource(_attemptTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var response = await member.Client.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
                outcome = new Outcome(true, null, response.Usage?.OutputTokenCount);
                return response;
            }
            catch (Exception ex)
            {
                (outcome, var replacement) = Fault(ex, timeout, cancellationToken);
                if (replacement is null)
                {
                    throw;
                }

                throw replacement;
            }
        }
        finally
        {
            Release(member, started, outcome);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var member = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        Outcome outcome = default;
        long? outputTokens = null;
        try
        {
            // The attempt timeout bounds the wait for the first update (as in the resilience layer); after that the
            // stream runs as long as the server sends.
            using var timeout = new CancellationTokenSource(_attemptTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var updates = member.Client.GetStreamingResponseAsync(messages, options, linked.Token).OnFault(
                ex =>
                {
                    (outcome, var replacement) = Fault(ex, timeout, cancellationToken);
                    return replacement;
                },
                linked.Token);
            var first = true;
            await foreach (var update in updates.ConfigureAwait(false))
            {
                if (first)
                {
                    first = false;
                    timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                }

                foreach (var content in update.Contents)
                {
                    if (content is UsageContent usage)
                    {
                        outputTokens = usage.Details.OutputTokenCount;
                    }
                }

                yield return update;
            }

            outcome = new Outcome(true, null, outputTokens);
        }
        finally
        {
            Release(member, started, outcome);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(AdaptiveConcurrency) ? Concurrency : base.GetService(serviceType, serviceKey);

    /// <summary>
    /// How an attempt that threw <paramref name="exception"/> ended, and what its caller sees instead (null: the exception
    /// itself). Anything but a model failure or the attempt timeout (the caller cancelling, say) says nothing about the endpoint.
    /// </summary>
    private (Outcome Outcome, Exception? Replacement) Fault(Exception exception, CancellationTokenSource timeout, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException cancelled when timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested => (Outcome.TimedOut, TimedOut(cancelled)),
        ModelCallException failure => (Outcome.Failed(failure), null),
        _ => (default, null),
    };

    private async ValueTask<Member> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<Member> waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && Pick() is { } free)
            {
                free.Limiter.InFlight++;
                return free;
            }

            waiter = new TaskCompletionSource<Member>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        // A cancelled waiter stays queued and is skipped when its turn comes (see Dispatch).
        using (cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource<Member>)state!).TrySetCanceled(token), waiter))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    private void Release(Member member, long started, Outcome outcome)
    {
        var latency = _time.GetElapsedTime(started);
        lock (_gate)
        {
            var limiter = member.Limiter;
            switch (outcome.Failure)
            {
                case null when !outcome.Done:
                    break; // cancelled by the caller: says nothing about the endpoint
                case null:
                    limiter.OnSuccess(started, latency, outcome.OutputTokens, limiter.InFlight);
                    member.BenchedUntil = 0;
                    break;
                case "429" or "503" or "408" or ModelFailureKinds.RateLimited or ModelFailureKinds.Timeout:
                    limiter.OnOverload(started, outcome.Failure switch
                    {
                        ModelFailureKinds.RateLimited => "429",
                        "408" => ModelFailureKinds.Timeout,
                        _ => outcome.Failure,
                    });
                    if (outcome.Failure is ModelFailureKinds.Timeout or "503")
                    {
                        Bench(member);
                    }

                    break;
                case ModelFailureKinds.Transport or ModelFailureKinds.ServerError:
                    Bench(member);
                    break;
                default:
                    if (int.TryParse(outcome.Failure, out var status) && status >= 500)
                    {
                        Bench(member);
                    }

                    break;
            }

            limiter.InFlight--;
            Dispatch();
        }
    }

    /// <summary>Hands free slots to waiters, in arrival order. Called under the lock.</summary>
    private void Dispatch()
    {
        while (_waiters.Count > 0 && Pick() is { } member)
        {
            var waiter = _waiters.Dequeue();
            member.Limiter.InFlight++;
            if (!waiter.TrySetResult(member))
            {
                member.Limiter.InFlight--; // cancelled meanwhile
            }
        }
    }

    /// <summary>The endpoint with the most room, preferring healthy ones; null when every endpoint is at its limit. Called under the lock.</summary>
    private Member? Pick()
    {
        var now = _time.GetUtcNow().UtcTicks;
        Member? best = null;
        var bestHealthy = false;
        var bestLoad = double.MaxValue;
        foreach (var member in _members)
        {
            var limiter = member.Limiter;
            if (limiter.InFlight >= limiter.Limit)
            {
                continue;
            }

            var healthy = member.BenchedUntil <= now;
            var load = (double)limiter.InFlight / limiter.Limit;
            if (best is null || (healthy && !bestHealthy) || (healthy == bestHealthy && load < bestLoad))
            {
                best = member;
                bestHealthy = healthy;
                bestLoad = load;
            }
        }

        return best;
    }

    /// <summary>What a caller sees when the attempt timeout cancels a call.</summary>
    private ModelCallException TimedOut(OperationCanceledException cancelled) =>
        new(ModelFailureKinds.Timeout, $"model call timed out after {_attemptTimeout.TotalSeconds:0.###} s", cancelled);

    private void Bench(Member member)
    {
        if (_members.Length > 1)
        {
            member.BenchedUntil = (_time.GetUtcNow() + _coolDown).UtcTicks;
        }
    }

    private IReadOnlyList<EndpointConcurrency> Snapshot()
    {
        lock (_gate)
        {
            return _members.Select(m => new EndpointConcurrency(m.Endpoint, m.Limiter.Limit, m.Limiter.InFlight, m.Limiter.Decreases, m.Limiter.History.ToArray())).ToArray();
        }
    }

    /// <summary>How a call ended: not at all (cancelled by the caller), in success, or in a failure (HTTP status or kind).</summary>
    private readonly record struct Outcome(bool Done, string? Failure, long? OutputTokens)
    {
        /// <summary>The attempt timeout cancelled the call.</summary>
        public static Outcome TimedOut => new(true, ModelFailureKinds.Timeout, null);

        /// <summary>The call failed: its HTTP status when it has one, else its kind.</summary>
        public static Outcome Failed(ModelCallException ex) =>
            new(true, ex.StatusCode is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : ex.Kind, null);
    }

    private sealed class Member(string endpoint, IChatClient client, AimdLimiter limiter)
    {
        public readonly string Endpoint = endpoint;
        public readonly IChatClient Client = client;
        public readonly AimdLimiter Limiter = limiter;
        public long BenchedUntil;
    }
}
