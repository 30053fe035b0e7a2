using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MidTrain.Models.Reasoning;

namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// <see cref="IChatClient"/> over an OpenAI-compatible batch API (<c>batch: true</c>): each call becomes one line of a
/// batch input file, named by a hash of its body; a call waits until the batch holding its line has ended and its
/// result is read back. Requests are gathered until <see cref="BatchOptions.MaxRequests"/> or
/// <see cref="BatchOptions.MaxBytes"/> is reached or the oldest has waited <see cref="BatchOptions.Linger"/>, then
/// uploaded (<c>/v1/files</c>) and submitted (<c>/v1/batches</c>, tagged with a submission id in its metadata — never
/// the key); batches are polled every <see cref="BatchOptions.Poll"/>. Every step is recorded in the run directory
/// (<see cref="BatchStore"/>) before it counts, so after a crash the same calls find their batches (in flight, or
/// ended with their results saved) and nothing is submitted or paid twice; a batch whose creation was cut off is found
/// again by its submission id in the provider's list. A request that expired, failed with a 5xx/429 or was left out
/// of a failed batch is resubmitted once (across resumes), then fails for good (<c>batch_expired</c>,
/// <c>server_error</c>…, into <c>failed.jsonl</c>); a 4xx answer fails at once; the requests of a batch cancelled by
/// the user (<c>midtrain batches --cancel</c>) are submitted again when asked for, without counting as an attempt.
/// Identical calls share one line. Thread-safe.
/// </summary>
internal sealed class BatchChatClient : IChatClient
{
    /// <summary>The metadata key naming the submission a batch was created for.</summary>
    public const string SubmissionKey = "midtrain_submission";

    private const int MaxAttempts = 2;

    private readonly OpenAiBatchApi _api;
    private readonly BatchStore _store;
    private readonly BatchOptions _options;
    private readonly string _model;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;
    private readonly object _gate = new();
    private readonly List<Pending> _queue = [];
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResultRef> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failure> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _creating = new(StringComparer.Ordinal);
    private readonly ModelReasoningOptions? _reasoning;
    private readonly SemaphoreSlim _queued = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _submitter;
    private readonly Task _poller;
    private long _queuedBytes;
    private int _disposed;

    public BatchChatClient(OpenAiBatchApi api, BatchStore store, BatchOptions options, string model, string name, TimeProvider time, ILogger logger, ModelReasoningOptions? reasoning = null)
    {
        _reasoning = reasoning;
        _api = api;
        _store = store;
        _options = options;
        _model = model;
        _name = name;
        _time = time;
        _logger = logger;
        _metadata = new ChatClientMetadata("openai", api.Endpoint, model);
        foreach (var submission in store.Submissions)
        {
            Restore(submission);
        }

        _submitter = Task.Run(SubmitLoopAsync);
        _poller = Task.Run(PollLoopAsync);
    }

    /// <summary>Where the model's batches stand now (also answered by <see cref="GetService"/>).</summary>
    public BatchProgress Progress()
    {
        var submissions = _store.Submissions;
        int queued, waiting;
        lock (_gate)
        {
            queued = _queue.Count;
            waiting = _inFlight.Count;
        }

        return new BatchProgress(
            queued,
            submissions.Count(s => s.State is BatchSubmissionState.Created or BatchSubmissionState.Submitting),
            waiting,
            submissions.Count(s => s.State == BatchSubmissionState.Ended));
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = BatchRequestCodec.Body(_model, messages, options, _reasoning);
        var customId = BatchRequestCodec.CustomId(body);
        var waiter = new Waiter(body);
        ResultRef? saved = null;
        lock (_gate)
        {
            if (_results.TryGetValue(customId, out var result))
            {
                saved = result;
            }
            else if (_inFlight.TryGetValue(customId, out var inFlight))
            {
                inFlight.Waiters.Add(waiter);
            }
            else if (_pending.TryGetValue(customId, out var pending))
            {
                pending.Waiters.Add(waiter);
            }
            else if (_attempts.GetValueOrDefault(customId) >= MaxAttempts || _failures.GetValueOrDefault(customId) is { Final: true })
            {
                throw _failures[customId].Exception(customId);
            }
            else
            {
                Enqueue(customId, body, [waiter]);
            }
        }

        if (saved is { } found)
        {
            return Read(found);
        }

        await using (cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Completion.TrySetCanceled(token), waiter).ConfigureAwait(false))
        {
            return await waiter.Completion.Task.ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A batch answers whole: the stream is the finished response.
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>Tests only: awaited after a submission is recorded and before its calls are marked in flight.</summary>
    internal Func<Task>? AfterSubmissionRecorded { get; set; }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(BatchProgress) ? Progress()
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            Task.WaitAll([_submitter, _poller], TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        lock (_gate)
        {
            foreach (var waiter in _queue.SelectMany(p => p.Waiters).Concat(_inFlight.Values.SelectMany(f => f.Waiters)))
            {
                waiter.Completion.TrySetCanceled();
            }
        }

        _api.Dispose();
        _store.Dispose();
        _queued.Dispose();
        _stop.Dispose();
    }

    /// <summary>Takes in what an earlier session recorded: results of ended batches, batches still out there.</summary>
    private void Restore(BatchSubmission submission)
    {
        switch (submission.State)
        {
            case BatchSubmissionState.Ended:
                foreach (var (customId, outcome) in Outcomes(submission))
                {
                    Settle(customId, outcome, submission.FinalStatus!, deliver: null);
                }

                break;
            case BatchSubmissionState.Created or BatchSubmissionState.Submitting:
                foreach (var customId in submission.CustomIds)
                {
                    _inFlight[customId] = new InFlight(submission);
                }

                break;
        }
    }

    /// <summary>Adds a request to the queue of the next batch. Called under the lock.</summary>
    private void Enqueue(string customId, JsonObject body, List<Waiter> waiters)
    {
        var line = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["custom_id"] = customId,
            ["method"] = "POST",
            ["url"] = "/v1/chat/completions",
            ["body"] = body.DeepClone(),
        }.ToJsonString() + "\n");
        var pending = new Pending(customId, line, _time.GetTimestamp(), waiters);
        _pending[customId] = pending;
        _queue.Add(pending);
        _queuedBytes += line.Length;
        _queued.Release();
    }

    private async Task SubmitLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    wait = _queue.Count == 0 ? Timeout.InfiniteTimeSpan
                        : _queue.Count >= _options.MaxRequests || _queuedBytes >= _options.MaxBytes ? TimeSpan.Zero
                        : _options.Linger - _time.GetElapsedTime(_queue[0].Since);
                }

                if (wait > TimeSpan.Zero || wait == Timeout.InfiniteTimeSpan)
                {
                    await _queued.WaitAsync(wait, token).ConfigureAwait(false);
                    continue;
                }

                await SubmitAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>Uploads the next batch's input file, records it, creates the batch and records its id.</summary>
    private async Task SubmitAsync(CancellationToken token)
    {
        List<Pending> taken = [];
        lock (_gate)
        {
            long bytes = 0;
            while (_queue.Count > 0 && taken.Count < _options.MaxRequests && (taken.Count == 0 || bytes + _queue[0].Line.Length <= _options.MaxBytes))
            {
                // Taken requests stay in _pending (identical calls keep joining them) until they are in flight.
                var next = _queue[0];
                _queue.RemoveAt(0);
                _queuedBytes -= next.Line.Length;
                bytes += next.Line.Length;
                if (next.Waiters.All(w => w.Completion.Task.IsCompleted))
                {
                    _pending.Remove(next.CustomId);
                    continue; // every caller gave up
                }

                taken.Add(next);
            }
        }

        if (taken.Count == 0)
        {
            return;
        }

        var content = new byte[taken.Sum(p => p.Line.Length)];
        var offset = 0;
        foreach (var pending in taken)
        {
            pending.Line.CopyTo(content, offset);
            offset += pending.Line.Length;
        }

        var submissionId = "mt-" + Guid.NewGuid().ToString("N");
        string fileId;
        try
        {
            fileId = await _api.UploadAsync(content, $"{_name}-{submissionId}.jsonl", token).ConfigureAwait(false);
        }
        catch (ModelCallException ex)
        {
            _logger.LogWarning("model '{Name}': uploading a batch input file failed: {Message}", _name, ex.Message);
            lock (_gate)
            {
                foreach (var pending in taken)
                {
                    _pending.Remove(pending.CustomId);
                }
            }

            FailAll(taken.SelectMany(p => p.Waiters), ex);
            return;
        }

        // Marked as being created before it is recorded: the poller treats a recorded submission that is not being
        // created as one whose creation was cut off, and would queue its requests again (a second batch for them).
        lock (_gate)
        {
            _creating.Add(submissionId);
        }

        BatchSubmission submission;
        try
        {
            submission = _store.Submitting(submissionId, fileId, taken.Select(p => p.CustomId).ToArray());
        }
        catch
        {
            lock (_gate)
            {
                _creating.Remove(submissionId);
            }

            throw;
        }

        if (AfterSubmissionRecorded is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        lock (_gate)
        {
            foreach (var pending in taken)
            {
                _pending.Remove(pending.CustomId);
                var inFlight = new InFlight(submission);
                inFlight.Waiters.AddRange(pending.Waiters);
                _inFlight[pending.CustomId] = inFlight;
            }
        }

        try
        {
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [SubmissionKey] = submissionId, ["midtrain_model"] = _name };
            var batch = await _api.CreateAsync(fileId, _options.CompletionWindow, metadata, token).ConfigureAwait(false);
            _store.Created(submission, batch.Id);
            _logger.LogInformation("model '{Name}': batch {Batch} submitted with {Count} requests", _name, batch.Id, taken.Count);
        }
        catch (ModelCallException ex) when (ex.Kind == ModelFailureKinds.ClientError)
        {
            // Refused: no batch exists, so nothing will answer these calls.
            _logger.LogWarning("model '{Name}': creating a batch failed: {Message}", _name, ex.Message);
            _store.Abandoned(submission);
            lock (_gate)
            {
                foreach (var customId in submission.CustomIds)
                {
                    if (_inFlight.Remove(customId, out var inFlight))
                    {
                        FailAll(inFlight.Waiters, ex);
                    }
                }
            }
        }
        catch (ModelCallException ex)
        {
            // The batch may exist (the answer was lost): the poller looks for it by its submission id.
            _logger.LogWarning("model '{Name}': creating a batch did not answer ({Message}); looking it up by its submission id", _name, ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _creating.Remove(submissionId);
            }
        }
    }

    private async Task PollLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await PollOnceAsync(token).ConfigureAwait(false);
                await Task.Delay(_options.Poll, _time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task PollOnceAsync(CancellationToken token)
    {
        var submissions = _store.Submissions;

        // Submissions whose batch creation was cut off (a crash, a lost answer): found again by their metadata, or
        // abandoned and their calls queued again. A creation still in progress is left alone.
        List<BatchSubmission> unknown;
        lock (_gate)
        {
            unknown = submissions.Where(s => s.State == BatchSubmissionState.Submitting && !_creating.Contains(s.Id)).ToList();
        }

        if (unknown.Count > 0)
        {
            try
            {
                var listed = await _api.ListAsync(pages: 20, token).ConfigureAwait(false);
                foreach (var submission in unknown)
                {
                    if (listed.FirstOrDefault(b => b.Submission == submission.Id) is { } found)
                    {
                        _store.Created(submission, found.Id);
                    }
                    else
                    {
                        _store.Abandoned(submission);
                        Requeue(submission);
                    }
                }
            }
            catch (ModelCallException ex)
            {
                _logger.LogWarning("model '{Name}': listing batches failed: {Message}", _name, ex.Message);
            }
        }

        foreach (var submission in submissions.Where(s => s.State == BatchSubmissionState.Created))
        {
            try
            {
                var batch = await _api.GetAsync(submission.BatchId!, token).ConfigureAwait(false);
                if (batch.Terminal)
                {
                    await CollectAsync(submission, batch, token).ConfigureAwait(false);
                }
            }
            catch (ModelCallException ex)
            {
                _logger.LogWarning("model '{Name}': polling batch {Batch} failed: {Message}", _name, submission.BatchId, ex.Message);
            }
        }
    }

    /// <summary>Saves an ended batch's result files, records it as ended, and answers (or requeues) its calls.</summary>
    private async Task CollectAsync(BatchSubmission submission, BatchInfo batch, CancellationToken token)
    {
        if (batch.OutputFileId is { } output)
        {
            await _api.DownloadAsync(output, _store.OutputPath(batch.Id), token).ConfigureAwait(false);
        }

        if (batch.ErrorFileId is { } errors)
        {
            await _api.DownloadAsync(errors, _store.ErrorPath(batch.Id), token).ConfigureAwait(false);
        }

        _store.Ended(submission, batch);
        _logger.LogInformation("model '{Name}': batch {Batch} {Status}: {Completed} completed, {Failed} failed of {Total}", _name, batch.Id, batch.Status, batch.Completed, batch.Failed, batch.Total);
        var deliveries = new List<(Waiter Waiter, ResultRef Result)>();
        var failures = new List<(IEnumerable<Waiter> Waiters, ModelCallException Error)>();
        var outcomes = Outcomes(submission).ToList(); // read the files before taking the lock
        lock (_gate)
        {
            foreach (var (customId, outcome) in outcomes)
            {
                Settle(customId, outcome, batch.Status, (waiters, result, error) =>
                {
                    if (result is { } r)
                    {
                        deliveries.AddRange(waiters.Select(w => (w, r)));
                    }
                    else
                    {
                        failures.Add((waiters, error!));
                    }
                });
            }
        }

        foreach (var (waiter, result) in deliveries)
        {
            try
            {
                waiter.Completion.TrySetResult(Read(result));
            }
            catch (ModelCallException ex)
            {
                waiter.Completion.TrySetException(ex);
            }
        }

        foreach (var (waiters, error) in failures)
        {
            FailAll(waiters, error);
        }
    }

    /// <summary>
    /// Applies the outcome of one request of an ended batch: a result is kept (and handed to the waiting calls); a
    /// failure counts as an attempt (unless the batch was cancelled) and its calls are queued again or failed. Called
    /// under the lock (or from the constructor).
    /// </summary>
    private void Settle(string customId, Outcome outcome, string batchStatus, Action<List<Waiter>, ResultRef?, ModelCallException?>? deliver)
    {
        var waiters = _inFlight.Remove(customId, out var inFlight) ? inFlight.Waiters : [];
        if (outcome.Result is { } result)
        {
            _results[customId] = result;
            _failures.Remove(customId);
            if (waiters.Count > 0)
            {
                deliver?.Invoke(waiters, result, null);
            }

            return;
        }

        if (_results.ContainsKey(customId))
        {
            return; // an earlier batch answered it
        }

        var cancelled = batchStatus == "cancelled";
        var attempts = cancelled ? _attempts.GetValueOrDefault(customId) : _attempts[customId] = _attempts.GetValueOrDefault(customId) + 1;
        var failure = cancelled
            ? new Failure(ModelFailureKinds.BatchCancelled, "the batch was cancelled", Final: false)
            : outcome.Failure!;
        _failures[customId] = failure with { Final = failure.Final || attempts >= MaxAttempts };
        if (waiters.Count == 0)
        {
            return; // asked again later (a resume), it is resubmitted or fails then
        }

        if (!cancelled && (failure.Final || attempts >= MaxAttempts))
        {
            deliver?.Invoke(waiters, null, _failures[customId].Exception(customId, attempts));
        }
        else
        {
            // Resubmitted: a first failure or expiry, or a cancelled batch (cancelling stops the provider's work on it;
            // to stop spending, stop the run — its calls then wait in the next --resume).
            Enqueue(customId, waiters[0].Body, waiters);
        }
    }

    /// <summary>Queues again the calls waiting on a batch that was never created. Called without the lock.</summary>
    private void Requeue(BatchSubmission submission)
    {
        lock (_gate)
        {
            foreach (var customId in submission.CustomIds)
            {
                if (_inFlight.TryGetValue(customId, out var inFlight) && inFlight.Submission == submission)
                {
                    _inFlight.Remove(customId);
                    var alive = inFlight.Waiters.Where(w => !w.Completion.Task.IsCompleted).ToList();
                    if (alive.Count > 0)
                    {
                        Enqueue(customId, alive[0].Body, alive);
                    }
                }
            }
        }
    }

    /// <summary>The outcome of each request of an ended submission, from its saved result files.</summary>
    private IEnumerable<(string CustomId, Outcome Outcome)> Outcomes(BatchSubmission submission)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (submission.BatchId is { } batchId)
        {
            foreach (var path in new[] { _store.OutputPath(batchId), _store.ErrorPath(batchId) })
            {
                foreach (var (customId, outcome) in Lines(path))
                {
                    if (seen.Add(customId))
                    {
                        yield return (customId, outcome);
                    }
                }
            }
        }

        // Requests the provider did not answer at all (a failed or expired batch may list none of them).
        var missing = submission.FinalStatus switch
        {
            "expired" => new Failure(ModelFailureKinds.BatchExpired, "the batch expired before this request ran", Final: false),
            "cancelled" => new Failure(ModelFailureKinds.BatchCancelled, "the batch was cancelled", Final: false),
            _ => new Failure(ModelFailureKinds.BatchFailed, $"the batch ended '{submission.FinalStatus}' without an answer for this request", Final: false),
        };
        foreach (var customId in submission.CustomIds)
        {
            if (!seen.Contains(customId))
            {
                yield return (customId, new Outcome(null, missing));
            }
        }
    }

    /// <summary>Reads a result file: each line's custom id with its result position or its failure.</summary>
    private static IEnumerable<(string CustomId, Outcome Outcome)> Lines(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long offset = 0;
        foreach (var line in LineSpans(stream))
        {
            var start = offset;
            offset += line.Length + 1;
            if (line.Length == 0)
            {
                continue;
            }

            string? customId;
            Outcome outcome;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                customId = root.TryGetProperty("custom_id", out var c) ? c.GetString() : null;
                outcome = OutcomeOf(root, new ResultRef(path, start, line.Length));
            }
            catch (JsonException)
            {
                continue;
            }

            if (customId is not null)
            {
                yield return (customId, outcome);
            }
        }
    }

    private static Outcome OutcomeOf(JsonElement line, ResultRef position)
    {
        if (line.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object)
        {
            var status = response.TryGetProperty("status_code", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
            if (status is >= 200 and < 300)
            {
                return new Outcome(position, null);
            }

            var message = response.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : null;
            var (kind, final) = status switch
            {
                429 => (ModelFailureKinds.RateLimited, false),
                408 => (ModelFailureKinds.Timeout, false),
                >= 500 => (ModelFailureKinds.ServerError, false),
                _ => (ModelFailureKinds.ClientError, true),
            };
            return new Outcome(null, new Failure(kind, $"HTTP {status}{(message is null ? string.Empty : ": " + message)}", final));
        }

        if (line.TryGetProperty("error", out var lineError) && lineError.ValueKind == JsonValueKind.Object)
        {
            var code = lineError.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var message = lineError.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : code;
            return new Outcome(null, code == "batch_expired"
                ? new Failure(ModelFailureKinds.BatchExpired, message ?? "expired", Final: false)
                : new Failure(ModelFailureKinds.BatchFailed, message ?? "failed", Final: false));
        }

        return new Outcome(null, new Failure(ModelFailureKinds.BatchFailed, "a result line with neither response nor error", Final: false));
    }

    /// <summary>The lines of a file (without their newline), as byte arrays.</summary>
    private static IEnumerable<byte[]> LineSpans(Stream stream)
    {
        var line = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    line.Write(buffer, start, i - start);
                    yield return line.ToArray();
                    line.SetLength(0);
                    start = i + 1;
                }
            }

            line.Write(buffer, start, read - start);
        }

        if (line.Length > 0)
        {
            yield return line.ToArray();
        }
    }

    /// <summary>Reads a saved result back into a response.</summary>
    private ChatResponse Read(ResultRef result)
    {
        var bytes = new byte[result.Length];
        using (var stream = new FileStream(result.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            stream.Seek(result.Offset, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
        }

        using var json = JsonDocument.Parse(bytes);
        return BatchRequestCodec.Response(json.RootElement.GetProperty("response").GetProperty("body"), _model);
    }

    private static void FailAll(IEnumerable<Waiter> waiters, Exception error)
    {
        foreach (var waiter in waiters)
        {
            waiter.Completion.TrySetException(error);
        }
    }

    /// <summary>A call waiting for its result; carries the body so the request can be queued again.</summary>
    private sealed class Waiter(JsonObject body)
    {
        public JsonObject Body { get; } = body;

        public TaskCompletionSource<ChatResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Pending(string CustomId, byte[] Line, long Since, List<Waiter> Waiters);

    private sealed class InFlight(BatchSubmission submission)
    {
        public BatchSubmission Submission { get; } = submission;

        public List<Waiter> Waiters { get; } = [];
    }

    private readonly record struct ResultRef(string Path, long Offset, int Length);

    private readonly record struct Outcome(ResultRef? Result, Failure? Failure);

    private sealed record Failure(string Kind, string Message, bool Final)
    {
        public ModelCallException Exception(string customId, int? attempts = null) =>
            new(Kind, $"batch request {customId}: {Message}{(attempts is > 1 ? $" (after {attempts} batches)" : string.Empty)}") { Attempts = attempts ?? 1 };
    }
}
