using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace MidTrain.Models.Middleware;

/// <summary>
/// The one retry layer of a model (SDK retries are off): retry with exponential backoff and jitter that honours the
/// server's <c>Retry-After</c> → concurrency limiter → circuit breaker → per-attempt timeout, built with Polly. Errors
/// that survive the retries surface as <see cref="ModelCallException"/> with a <see cref="ModelCallException.Kind"/>.
/// Streaming calls go through the same pipeline until their first update arrives (so a stream that cannot be opened
/// is retried); once text has been delivered a failure is classified but not retried, because a partly delivered
/// stream cannot be replayed transparently. At most <c>MaxConcurrency</c> streams are open at once. With an adaptive
/// limit (<c>max_concurrency: auto</c>) the limiter and the per-attempt timeout live in the endpoint pool below (the
/// timeout must not count the wait for a slot) and this layer only retries and breaks the circuit. Thread-safe.
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly SemaphoreSlim _streamingPermits;
    private readonly ModelUsage? _usage;

    /// <summary>Creates the layer over <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The backend.</param>
    /// <param name="options">Retry, timeout, breaker and concurrency settings (copied; <c>max_concurrency</c> null means 16).</param>
    /// <param name="timeProvider">Clock for delays, timeouts and the breaker.</param>
    /// <param name="logger">Receives retry and breaker events.</param>
    /// <param name="usage">Counts retries and breaker openings, when given.</param>
    /// <param name="jitterSeed">Seed of the jitter randomizer (no hidden non-determinism).</param>
    public ResilientChatClient(IChatClient innerClient, ResilienceOptions options, TimeProvider timeProvider, ILogger logger, ModelUsage? usage = null, int jitterSeed = 0)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var settings = options.Clone();
        // An adaptive limit lives in the endpoint pool below, with the per-attempt timeout (which must not count the
        // wait for a slot), so this layer then only retries and breaks the circuit.
        var adaptive = settings.IsAdaptive;
        var maxConcurrency = settings.Concurrency?.Max ?? 16;
        ArgumentNullException.ThrowIfNull(timeProvider);
        _usage = usage;
        var streams = adaptive ? MidTrain.Models.Concurrency.ConcurrencyLimit.Ceiling : maxConcurrency;
        _streamingPermits = new SemaphoreSlim(streams, streams);
        var random = new Random(jitterSeed);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                Randomizer = () =>
                {
                    lock (random)
                    {
                        return random.NextDouble();
                    }
                },
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsRetryable(ex)),
                DelayGenerator = args =>
                {
                    // A server-given wait wins over our backoff; capped so a hostile header cannot stall the run.
                    var hint = args.Outcome.Exception switch
                    {
                        ModelCallException { RetryAfter: { } after } => after,
                        BrokenCircuitException { RetryAfter: { } after } => after,
                        _ => (TimeSpan?)null,
                    };
                    return ValueTask.FromResult(hint is { } h ? (TimeSpan?)TimeSpan.FromTicks(Math.Min(h.Ticks, settings.MaxDelay.Ticks)) : null);
                },
                OnRetry = args =>
                {
                    _usage?.AddRetry();
                    logger.LogDebug("model call attempt {Attempt} failed ({Reason}); retrying in {Delay}", args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay);
                    return default;
                },
            });
        }

        if (!adaptive)
        {
            builder.AddConcurrencyLimiter(maxConcurrency, int.MaxValue);
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = settings.CircuitFailureRatio,
            MinimumThroughput = settings.CircuitMinCalls,
            SamplingDuration = settings.CircuitWindow,
            BreakDuration = settings.CircuitBreak,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && CountsAgainstCircuit(ex)),
            OnOpened = args =>
            {
                _usage?.AddCircuitOpened();
                logger.LogWarning("circuit opened for {Duration} after repeated model failures", args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("circuit closed: model calls succeed again");
                return default;
            },
        });
        if (!adaptive)
        {
            builder.AddTimeout(settings.AttemptTimeout);
        }

        _pipeline = builder.Build();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var (response, _) = await RunAsync(ct => InnerClient.GetResponseAsync(list, options, ct), cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        await _streamingPermits.WaitAsync(cancellationToken).ConfigureAwait(false);
        OpenedStream? stream = null;
        try
        {
            (stream, var attempts) = await RunAsync(ct => OpenAsync(list, options, ct, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!stream.HasFirst)
            {
                yield break;
            }

            yield return stream.Enumerator.Current;
            var rest = stream.Enumerator.OnFault(ex => CancelledByCaller(ex, cancellationToken) ? null : Classify(ex, attempts));
            await foreach (var update in rest.ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.Enumerator.DisposeAsync().ConfigureAwait(false);
                stream.Cancellation.Dispose();
            }

            _streamingPermits.Release();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _streamingPermits.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Maps any failure to a <see cref="ModelCallException"/> with its kind.</summary>
    internal static ModelCallException Classify(Exception ex, int attempts) => ex switch
    {
        ModelCallException m => new ModelCallException(m.Kind, m.Message, m) { StatusCode = m.StatusCode, Attempts = attempts, RetryAfter = m.RetryAfter },
        TimeoutRejectedException t => new ModelCallException(ModelFailureKinds.Timeout, $"model call timed out after {t.Timeout.TotalSeconds:0.###} s", t) { Attempts = attempts },
        BrokenCircuitException b => new ModelCallException(ModelFailureKinds.CircuitOpen, "circuit open: the model failed repeatedly and is cooling down", b) { Attempts = attempts },
        RateLimiterRejectedException r => new ModelCallException(ModelFailureKinds.RateLimited, "too many model calls queued", r) { Attempts = attempts },
        OperationCanceledException o => new ModelCallException(ModelFailureKinds.Timeout, "model call cancelled by a timeout", o) { Attempts = attempts },
        HttpRequestException or IOException => new ModelCallException(ModelFailureKinds.Transport, ex.Message, ex) { Attempts = attempts },
        System.Text.Json.JsonException => new ModelCallException(ModelFailureKinds.Parse, "malformed model response: " + ex.Message, ex) { Attempts = attempts },
        _ => new ModelCallException(ModelFailureKinds.ServerError, ex.GetType().Name + ": " + ex.Message, ex) { Attempts = attempts },
    };

    /// <summary>
    /// Runs <paramref name="attempt"/> through the pipeline, counting attempts; a failure that is not the caller's own
    /// cancellation surfaces classified. Returns the result and how many attempts it took.
    /// </summary>
    private async Task<(T Result, int Attempts)> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            var result = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    Interlocked.Increment(ref attempts);
                    return await attempt(ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return (result, attempts);
        }
        catch (Exception ex) when (!CancelledByCaller(ex, cancellationToken))
        {
            throw Classify(ex, attempts);
        }
    }

    private static bool CancelledByCaller(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>
    /// One attempt at opening a stream: runs until the first update. The stream's own token follows the caller, and the
    /// attempt token (which carries the per-attempt timeout) is linked in only while opening, since Polly recycles it.
    /// </summary>
    private async Task<OpenedStream> OpenAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken attemptToken, CancellationToken callerToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        var registration = attemptToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), cancellation);
        var enumerator = InnerClient.GetStreamingResponseAsync(messages, options, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        try
        {
            var hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
            await registration.DisposeAsync().ConfigureAwait(false);
            return new OpenedStream(enumerator, hasFirst, cancellation);
        }
        catch
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            await enumerator.DisposeAsync().ConfigureAwait(false);
            cancellation.Dispose();
            throw;
        }
    }

    private sealed record OpenedStream(IAsyncEnumerator<ChatResponseUpdate> Enumerator, bool HasFirst, CancellationTokenSource Cancellation);

    private static bool IsRetryable(Exception ex) => ex switch
    {
        ModelCallException m => m.Kind is ModelFailureKinds.Transport or ModelFailureKinds.Timeout or ModelFailureKinds.RateLimited or ModelFailureKinds.ServerError or ModelFailureKinds.Parse,
        TimeoutRejectedException or BrokenCircuitException or HttpRequestException or IOException or System.Text.Json.JsonException => true,
        _ => false,
    };

    private static bool CountsAgainstCircuit(Exception ex) => ex switch
    {
        // A 429 is back-pressure, not a broken server: it is retried with Retry-After but does not trip the breaker.
        ModelCallException m => m.Kind is ModelFailureKinds.Transport or ModelFailureKinds.Timeout or ModelFailureKinds.ServerError or ModelFailureKinds.Parse,
        TimeoutRejectedException or HttpRequestException or IOException or System.Text.Json.JsonException => true,
        _ => false,
    };
}
