using System.Collections.Concurrent;
using System.Text;
using MidTrain.Core.Models;
using LLama;
using LLama.Abstractions;
using LLama.Batched;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace MidTrain.Models.Local;

/// <summary>
/// Continuous batching over one <see cref="BatchedExecutor"/>: every active request is a <see cref="Conversation"/>
/// (its own KV sequence), all of them advance together in one decode step, and a new request joins as soon as a slot
/// and enough KV cells are free (no waiting for the whole batch to finish). One loop task owns the executor, so the
/// public surface is thread-safe: <see cref="Submit"/> may be called from any thread.
/// </summary>
internal sealed class BatchScheduler : IAsyncDisposable
{
    private readonly LLamaWeights _weights;
    private readonly IContextParams _contextParams;
    private readonly int _parallel;
    private readonly int _contextSize;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<GenerationRequest> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Sequence> _active = [];
    private readonly Task _loop;
    private BatchedExecutor _executor;
    private int _reserved;
    private long _decodeSteps;
    private int _activeCount;

    public BatchScheduler(LLamaWeights weights, IContextParams contextParams, int parallel, ILogger logger)
    {
        _weights = weights;
        _contextParams = contextParams;
        _parallel = parallel;
        _contextSize = checked((int)(contextParams.ContextSize ?? (uint)weights.ContextSize));
        _logger = logger;
        _executor = new BatchedExecutor(weights, contextParams);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Sequences decoding right now (for tests and metrics).</summary>
    public int ActiveCount => Volatile.Read(ref _activeCount);

    /// <summary>Decode steps run so far (one step advances every active sequence by one token).</summary>
    public long DecodeSteps => Interlocked.Read(ref _decodeSteps);

    /// <summary>The context size shared by all sequences.</summary>
    public int ContextSize => _contextSize;

    /// <summary>Queues <paramref name="request"/>; its <see cref="GenerationRequest.Completion"/> completes when it is done.</summary>
    /// <exception cref="ModelCallException">Kind <c>context_length</c>: the request can never fit the context.</exception>
    public Task<GenerationResult> Submit(GenerationRequest request)
    {
        if (request.Reservation > _contextSize)
        {
            throw new ModelCallException(ModelFailureKinds.ContextLength,
                $"prompt ({request.Prompt.Length} tokens) + max output ({request.MaxTokens} tokens) exceeds the context size {_contextSize}");
        }

        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (request.CancellationToken.CanBeCanceled)
        {
            // Answer the caller at once; the loop frees the sequence at its next step.
            var registration = request.CancellationToken.Register(static state =>
            {
                var (r, wake) = ((GenerationRequest, SemaphoreSlim))state!;
                r.Completion.TrySetCanceled(r.CancellationToken);
                wake.Release();
            }, (request, _wake));
            request.Completion.Task.ContinueWith(static (_, s) => ((CancellationTokenRegistration)s!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _pending.Enqueue(request);
        _wake.Release();
        return request.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Release();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var sequence in _active)
        {
            sequence.Fail(new ObjectDisposedException(nameof(BatchScheduler)));
        }

        _active.Clear();
        while (_pending.TryDequeue(out var request))
        {
            request.Completion.TrySetException(new ObjectDisposedException(nameof(BatchScheduler)));
        }

        _executor.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Admit();
            Volatile.Write(ref _activeCount, _active.Count);
            if (_active.Count == 0)
            {
                await _wake.WaitAsync(stop).ConfigureAwait(false);
                continue;
            }

            DecodeResult status;
            try
            {
                status = await _executor.Infer(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "llama.cpp decode failed");
                Reset(new ModelCallException(ModelFailureKinds.ServerError, "llama.cpp decode failed: " + ex.Message, ex));
                continue;
            }

            if (status != DecodeResult.Ok)
            {
                // Reservations make this rare (KV fragmentation); the queued batches still reference the active sequences,
                // so the only safe recovery is a fresh context.
                _logger.LogWarning("llama.cpp decode returned {Status} with {Active} active sequences; resetting the context", status, _active.Count);
                Reset(new ModelCallException(ModelFailureKinds.ServerError, $"llama.cpp decode returned {status}"));
                continue;
            }

            Interlocked.Increment(ref _decodeSteps);
            for (var i = _active.Count - 1; i >= 0; i--)
            {
                var sequence = _active[i];
                if (!sequence.Conversation.RequiresSampling)
                {
                    continue;
                }

                bool finished;
                try
                {
                    finished = sequence.Request.Completion.Task.IsCompleted || sequence.Step();
                }
                catch (Exception ex)
                {
                    sequence.Fail(ex);
                    finished = true;
                }

                if (finished)
                {
                    sequence.Dispose();
                    _reserved -= sequence.Request.Reservation;
                    _active.RemoveAt(i);
                }
            }
        }
    }

    private void Admit()
    {
        while (_active.Count < _parallel && _pending.TryPeek(out var next))
        {
            if (next.Completion.Task.IsCompleted)
            {
                _pending.TryDequeue(out _);
                continue;
            }

            if (_reserved + next.Reservation > _contextSize && _active.Count > 0)
            {
                return;
            }

            _pending.TryDequeue(out _);
            try
            {
                _active.Add(new Sequence(this, next));
                _reserved += next.Reservation;
            }
            catch (Exception ex)
            {
                next.Completion.TrySetException(ex);
            }
        }
    }

    private void Reset(Exception cause)
    {
        foreach (var sequence in _active)
        {
            sequence.Fail(cause);
            sequence.DisposeSampler();
        }

        _active.Clear();
        _reserved = 0;
        _executor.Dispose();
        _executor = new BatchedExecutor(_weights, _contextParams);
    }

    /// <summary>One active request: its conversation, sampler chain and text decoder. Used only by the loop.</summary>
    private sealed class Sequence
    {
        private readonly BatchScheduler _owner;
        private readonly SafeLLamaSamplerChainHandle _sampler;
        private readonly StreamingTokenDecoder _decoder;
        private readonly StringBuilder _text = new();
        private readonly List<TokenLogprob>? _logprobs;
        private int _generated;

        public Sequence(BatchScheduler owner, GenerationRequest request)
        {
            _owner = owner;
            Request = request;
            _sampler = CreateSampler(owner._weights, request.Sampling);
            _decoder = new StreamingTokenDecoder(Encoding.UTF8, owner._weights);
            _logprobs = request.TopLogprobs is null ? null : [];
            Conversation = owner._executor.Create();
            Conversation.Prompt(request.Prompt);
        }

        public GenerationRequest Request { get; }

        public Conversation Conversation { get; }

        /// <summary>Samples one token and queues it for the next decode; true when the request is finished.</summary>
        public bool Step()
        {
            var context = Conversation.Executor.Context.NativeHandle;
            var index = Conversation.GetSampleIndex();
            float[]? logits = _logprobs is null ? null : context.GetLogitsIth(index).ToArray();
            var token = _sampler.Sample(context, index);
            _generated++;
            if (logits is not null)
            {
                _logprobs!.Add(Logprobs(logits, token, Request.TopLogprobs ?? 0));
            }

            var weights = _owner._weights;
            if (token.IsEndOfGeneration(weights.Vocab))
            {
                Complete(hitLength: false);
                return true;
            }

            _decoder.Add(token);
            var delta = _decoder.Read();
            if (delta.Length > 0)
            {
                _text.Append(delta);
                foreach (var stop in Request.StopSequences)
                {
                    var at = IndexOfStop(stop, delta.Length);
                    if (at >= 0)
                    {
                        var keep = delta.Length - (_text.Length - at);
                        if (keep > 0)
                        {
                            Request.OnDelta?.Invoke(delta[..keep]);
                        }

                        _text.Length = at;
                        Complete(hitLength: false);
                        return true;
                    }
                }

                Request.OnDelta?.Invoke(delta);
            }

            if (_generated >= Request.MaxTokens)
            {
                Complete(hitLength: true);
                return true;
            }

            Conversation.Prompt(token);
            return false;
        }

        public void Fail(Exception ex)
        {
            if (ex is OperationCanceledException oce)
            {
                Request.Completion.TrySetCanceled(oce.CancellationToken);
            }
            else
            {
                Request.Completion.TrySetException(ex);
            }
        }

        public void Dispose()
        {
            Conversation.Dispose();
            DisposeSampler();
        }

        public void DisposeSampler() => _sampler.Dispose();

        private int IndexOfStop(string stop, int deltaLength)
        {
            if (stop.Length == 0)
            {
                return -1;
            }

            // Only a match that ends inside the new text is new.
            var from = Math.Max(0, _text.Length - deltaLength - stop.Length + 1);
            var haystack = _text.ToString(from, _text.Length - from);
            var at = haystack.IndexOf(stop, StringComparison.Ordinal);
            return at < 0 ? -1 : from + at;
        }

        private void Complete(bool hitLength)
        {
            var tail = _decoder.Read();
            if (tail.Length > 0)
            {
                _text.Append(tail);
                Request.OnDelta?.Invoke(tail);
            }

            Request.Completion.TrySetResult(new GenerationResult(_text.ToString(), Request.Prompt.Length, _generated, hitLength, _logprobs));
        }

        private TokenLogprob Logprobs(float[] logits, LLamaToken chosen, int topK)
        {
            var max = float.NegativeInfinity;
            foreach (var l in logits)
            {
                max = Math.Max(max, l);
            }

            double sum = 0;
            foreach (var l in logits)
            {
                sum += Math.Exp(l - max);
            }

            var logZ = max + Math.Log(sum);
            var top = new List<TokenLogprob>(topK);
            if (topK > 0)
            {
                var best = new PriorityQueue<int, float>();
                for (var i = 0; i < logits.Length; i++)
                {
                    best.Enqueue(i, logits[i]);
                    if (best.Count > topK)
                    {
                        best.Dequeue();
                    }
                }

                var ids = new List<int>();
                while (best.TryDequeue(out var id, out _))
                {
                    ids.Add(id);
                }

                ids.Reverse();
                top.AddRange(ids.Select(id => Describe(id, logits[id] - logZ, [])));
            }

            return Describe((int)chosen, logits[(int)chosen] - logZ, top);
        }

        private TokenLogprob Describe(int token, double logprob, List<TokenLogprob> top)
        {
            Span<byte> buffer = stackalloc byte[64];
            var length = (int)_owner._weights.NativeHandle.TokenToSpan(token, buffer, 0, false);
            var bytes = buffer[..Math.Min(length, buffer.Length)].ToArray();
            return new TokenLogprob(Encoding.UTF8.GetString(bytes), logprob, top, bytes.Select(b => (int)b).ToArray());
        }

        private static SafeLLamaSamplerChainHandle CreateSampler(LLamaWeights weights, SamplingSettings sampling)
        {
            var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            try
            {
                if (sampling.Grammar is not null)
                {
                    chain.AddGrammar(weights.NativeHandle, sampling.Grammar, sampling.GrammarRoot);
                }

                if (sampling.Temperature <= 0)
                {
                    chain.AddGreedySampler();
                }
                else
                {
                    if (sampling.TopK > 0)
                    {
                        chain.AddTopK(sampling.TopK);
                    }

                    if (sampling.TopP is > 0 and < 1)
                    {
                        chain.AddTopP(sampling.TopP, 1);
                    }

                    chain.AddTemperature(sampling.Temperature);
                    chain.AddDistributionSampler(sampling.Seed);
                }

                return chain;
            }
            catch
            {
                chain.Dispose();
                throw;
            }
        }
    }
}
