using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using MidTrain.Core.Failures;

namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// Runs stages connected by bounded channels (<see cref="BoundedChannelFullMode.Wait"/>: a slow stage slows its
/// producers, memory stays flat). This is the one place where the pipeline's rules live:
/// <list type="bullet">
/// <item>per-stage concurrency; items scheduled one by one;</item>
/// <item>an exception on one item is data: the item goes to the failed output with stage, kind and message;</item>
/// <item>rejects go to the rejected output with the rejection; an item a stage drops silently is rejected as <c>no_output</c>;</item>
/// <item>a run-level fault (<see cref="RunAbortException"/>, a sink error, a source error) cancels everything through one linked
/// token and is rethrown once, after every task has stopped (no hang);</item>
/// <item>drain (first Ctrl+C): the source stops, in-flight items finish; cancel (second): everything stops;</item>
/// <item>every output line is counted against its input record, which is journaled when its last output is durable;</item>
/// <item>a stage may gather held items into one output (<see cref="IStageOutput.EmitGroupAsync"/>): their records then
/// finish together, and a stage's <see cref="Stage.CompleteAsync"/> runs once its input is exhausted (not after a drain).</item>
/// <item>model calls are attributed to the stage whose worker makes them (<see cref="MidTrain.Models.UsageScope"/>);</item>
/// <item>checkpoints are timed by the injected <see cref="TimeProvider"/>: while outputs flow, every checkpoint interval;
/// when the pipeline goes quiet, about 200 ms after the last write (a tick of the provider's timer), so finished records
/// are journaled even when the next output is minutes away.</item>
/// </list>
/// One engine runs one pipeline once; it is not reusable.
/// </summary>
public sealed class PipelineEngine
{
    /// <summary>How long after the last checkpoint a quiet pipeline makes what it wrote durable.</summary>
    private static readonly TimeSpan IdleCheckpoint = TimeSpan.FromMilliseconds(200);

    private readonly IReadOnlyList<Stage> _stages;
    private readonly StageCounters[] _counters;
    private readonly int _sinkCapacity;
    private readonly TimeSpan _checkpointInterval;
    private readonly TimeProvider _time;
    private Channel<SinkMessage> _sink = null!;
    private CancellationTokenSource _runCts = null!;
    private Exception? _fault;
    private volatile bool _drained;
    private long _records;
    private long _accepted;
    private long _rejected;
    private long _failed;
    private long _done;
    private long _acceptedEmitted;

    /// <summary>Creates an engine for <paramref name="stages"/> (may be empty: the source goes straight to the accepted output).</summary>
    /// <param name="stages">The stages, in order. Their input and output types must chain.</param>
    /// <param name="sinkCapacity">Capacity of the channel into the single writer task.</param>
    /// <param name="checkpointInterval">How often written lines are flushed and finished records journaled while outputs flow (default 1 s).</param>
    /// <param name="timeProvider">The clock and timer of the checkpoints (default <see cref="TimeProvider.System"/>).</param>
    public PipelineEngine(IReadOnlyList<Stage> stages, int sinkCapacity = 1024, TimeSpan? checkpointInterval = null, TimeProvider? timeProvider = null)
    {
        _stages = stages;
        _sinkCapacity = sinkCapacity;
        _checkpointInterval = checkpointInterval ?? TimeSpan.FromSeconds(1);
        _time = timeProvider ?? TimeProvider.System;
        _counters = stages.Select(s => new StageCounters(s.Name)).ToArray();
    }

    /// <summary>Live per-stage counters (for progress).</summary>
    public IReadOnlyList<StageCounters> Counters => _counters;

    /// <summary>Input records taken from the source so far.</summary>
    public long RecordsRead => Interlocked.Read(ref _records);

    /// <summary>
    /// Items sent to the accepted output so far, counted when the last stage emits them (ahead of <see cref="Written"/>,
    /// which counts them once the writer has them on disk): what a target of accepted samples is checked against.
    /// </summary>
    public long AcceptedEmitted => Interlocked.Read(ref _acceptedEmitted);

    /// <summary>Lines written to accepted/rejected/failed so far.</summary>
    public (long Accepted, long Rejected, long Failed) Written =>
        (Interlocked.Read(ref _accepted), Interlocked.Read(ref _rejected), Interlocked.Read(ref _failed));

    /// <summary>Checks that each stage accepts what the previous one emits.</summary>
    /// <param name="stages">The stages in order.</param>
    /// <param name="sourceType">The payload type the source produces.</param>
    /// <returns>An error message, or null when the chain is valid.</returns>
    public static string? ValidateChain(IReadOnlyList<Stage> stages, Type sourceType)
    {
        var current = sourceType;
        for (var i = 0; i < stages.Count; i++)
        {
            var accepted = stages[i].InputTypes;
            if (!accepted.Any(t => t.IsAssignableFrom(current)))
            {
                return $"stage {i + 1} '{stages[i].Name}' needs {string.Join(" or ", accepted.Select(t => t.Name))} input but receives {current.Name}";
            }

            if (stages[i].OutputType != typeof(object))
            {
                current = stages[i].OutputType;
            }
        }

        return null;
    }

    /// <summary>Runs the pipeline over <paramref name="source"/> into <paramref name="sink"/>.</summary>
    /// <param name="source">
    /// The input records, enumerated once by a task of their own. The enumeration's token is cancelled by
    /// <paramref name="drain"/> as well as by <paramref name="cancellationToken"/>, so a source waiting for input stops
    /// at once; an <see cref="OperationCanceledException"/> it throws then is the drain, not a fault.
    /// </param>
    /// <param name="sink">Where results go (called from one task only).</param>
    /// <param name="drain">When cancelled, the source stops and in-flight items are finished.</param>
    /// <param name="cancellationToken">When cancelled, everything stops; <see cref="OperationCanceledException"/> is thrown.</param>
    public async Task<PipelineResult> RunAsync(IAsyncEnumerable<SourceRecord> source, IRecordSink sink, CancellationToken drain = default, CancellationToken cancellationToken = default)
    {
        _runCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _runCts.Token;
        _sink = Channel.CreateBounded<SinkMessage>(new BoundedChannelOptions(_sinkCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var inputs = _stages.Select(s => Channel.CreateBounded<Item>(new BoundedChannelOptions(s.Capacity)
        {
            SingleReader = s.Concurrency == 1,
            FullMode = BoundedChannelFullMode.Wait,
        })).ToArray();

        var drained = false;
        var tasks = new List<Task>();
        var sinkTask = Task.Run(() => SinkLoopAsync(sink, token), CancellationToken.None);
        tasks.Add(Task.Run(async () =>
        {
            drained = await SourceLoopAsync(source, inputs.Length > 0 ? inputs[0].Writer : null, drain, token).ConfigureAwait(false);
        }, CancellationToken.None));

        for (var i = 0; i < _stages.Count; i++)
        {
            var stageIndex = i;
            var workers = new Task[_stages[i].Concurrency];
            for (var w = 0; w < workers.Length; w++)
            {
                workers[w] = Task.Run(() => WorkerLoopAsync(stageIndex, inputs[stageIndex].Reader, stageIndex + 1 < inputs.Length ? inputs[stageIndex + 1].Writer : null, token), CancellationToken.None);
            }

            var next = stageIndex + 1 < inputs.Length ? inputs[stageIndex + 1].Writer : null;
            tasks.Add(FinishStageAsync(stageIndex, workers, next, token));
        }

        // The sink channel completes once the source and every stage are finished.
        await Task.WhenAll(tasks).ConfigureAwait(false);
        _sink.Writer.TryComplete();
        await sinkTask.ConfigureAwait(false);

        if (_fault is not null)
        {
            ExceptionDispatchInfo.Capture(_fault).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new PipelineResult
        {
            Outcome = drained ? PipelineOutcome.Drained : PipelineOutcome.Completed,
            Records = RecordsRead,
            Accepted = _accepted,
            Rejected = _rejected,
            Failed = _failed,
            RecordsDone = _done,
            Stages = _counters,
        };
    }

    private void Fault(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _fault, exception, null) is null)
        {
            _runCts.Cancel();
        }
    }

    private async Task<bool> SourceLoopAsync(IAsyncEnumerable<SourceRecord> source, ChannelWriter<Item>? first, CancellationToken drain, CancellationToken token)
    {
        var drained = false;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(drain, token);
        try
        {
            await foreach (var record in source.WithCancellation(reading.Token).ConfigureAwait(false))
            {
                token.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _records);
                if (record.Error is not null || record.Payload is null)
                {
                    var failure = record.Error ?? new ItemFailure { Stage = "input", Kind = "bad_input", Message = $"{record.Root.Location}: empty record" };
                    await _sink.Writer.WriteAsync(new SinkMessage(SinkKind.Failed, record.Root, null, null, failure), token).ConfigureAwait(false);
                }
                else if (first is null)
                {
                    Interlocked.Increment(ref _acceptedEmitted);
                    await _sink.Writer.WriteAsync(new SinkMessage(SinkKind.Accepted, record.Root, record.Payload, null, null), token).ConfigureAwait(false);
                }
                else
                {
                    await first.WriteAsync(new Item(record.Root, record.Payload), token).ConfigureAwait(false);
                }

                if (drain.IsCancellationRequested)
                {
                    // Before the first channel completes: stages must not finish what they hold after a drain.
                    _drained = true;
                    drained = true;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            // The source stopped on the drain while it waited for its next record.
            _drained = true;
            drained = true;
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
        finally
        {
            first?.TryComplete();
        }

        return drained;
    }

    private async Task WorkerLoopAsync(int stageIndex, ChannelReader<Item> reader, ChannelWriter<Item>? next, CancellationToken token)
    {
        var stage = _stages[stageIndex];
        var counters = _counters[stageIndex];
        var output = new StageOutput(this, stage, counters, next);

        // Model calls made by this worker are attributed to its stage (usage and cost per stage).
        using var usageScope = MidTrain.Models.UsageScope.Enter(stage.Name);
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    counters.CountIn();
                    output.Begin(item.Root);
                    try
                    {
                        await stage.ProcessAsync(item.Payload, output, token).ConfigureAwait(false);
                        if (!output.Produced)
                        {
                            await output.RejectAsync(item.Payload, new Rejection { Stage = stage.Name, Reason = "no_output: the stage produced nothing for this item" }, token).ConfigureAwait(false);
                        }
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (RunAbortException)
                    {
                        throw;
                    }
                    catch (Exception ex) when (output.Held)
                    {
                        // The stage still holds the item (or has already grouped it): failing it too would end it twice.
                        throw new InvalidOperationException($"stage '{stage.Name}' threw after holding the item of record '{item.Root.Key}': {ex.Message}", ex);
                    }
                    catch (Exception ex)
                    {
                        counters.CountFailed();
                        item.Root.AddItem();
                        await _sink.Writer.WriteAsync(new SinkMessage(SinkKind.Failed, item.Root, item.Payload, null, ItemFailure.FromException(stage.Name, ex)), token).ConfigureAwait(false);
                    }

                    // The item itself is consumed; its results (if any) hold the root open.
                    await ReleaseAsync(item.Root, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
    }

    /// <summary>Waits for the stage's workers, lets the stage finish what it holds, then completes the next channel.</summary>
    private async Task FinishStageAsync(int stageIndex, Task[] workers, ChannelWriter<Item>? next, CancellationToken token)
    {
        await Task.WhenAll(workers).ConfigureAwait(false);
        try
        {
            if (!token.IsCancellationRequested && !_drained)
            {
                var output = new StageOutput(this, _stages[stageIndex], _counters[stageIndex], next);
                output.BeginCompletion();
                await _stages[stageIndex].CompleteAsync(output, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
        finally
        {
            next?.TryComplete();
        }
    }

    private ValueTask ReleaseAsync(RootRecord root, CancellationToken token) =>
        root.ReleaseItem()
            ? _sink.Writer.WriteAsync(new SinkMessage(SinkKind.RootDone, root, null, null, null), token)
            : ValueTask.CompletedTask;

    private async Task SinkLoopAsync(IRecordSink sink, CancellationToken token)
    {
        var reader = _sink.Reader;
        var lastCheckpoint = _time.GetTimestamp();
        var unsaved = false;
        void Checkpoint()
        {
            sink.Checkpoint();
            lastCheckpoint = _time.GetTimestamp();
            unsaved = false;
        }

        // A quiet pipeline sends nothing that would wake this loop: a tick does (dropped when the channel is full, i.e.
        // busy, and once it is complete), so what was written is checkpointed even if the next output is minutes away.
        using var ticks = _time.CreateTimer(static channel => ((ChannelWriter<SinkMessage>)channel!).TryWrite(SinkMessage.Tick), _sink.Writer, IdleCheckpoint, IdleCheckpoint);
        try
        {
            // Keep writing after a cancellation request until the channel is drained of what was already sent, so every
            // finished record is journaled; stop taking new work only when the run is cancelled.
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    if (message.Kind != SinkKind.Tick)
                    {
                        Write(sink, message);
                        unsaved = true;
                    }

                    if (unsaved && _time.GetElapsedTime(lastCheckpoint) >= _checkpointInterval)
                    {
                        Checkpoint();
                    }
                }

                // Idle: make what we have durable so a slow pipeline still journals promptly.
                if (unsaved && _time.GetElapsedTime(lastCheckpoint) >= IdleCheckpoint)
                {
                    Checkpoint();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled or faulted: write what already arrived (complete lines only), then checkpoint below.
            while (reader.TryRead(out var message))
            {
                try
                {
                    Write(sink, message);
                }
                catch (Exception ex)
                {
                    Fault(ex);
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Fault(ex);
        }

        try
        {
            sink.Checkpoint();
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
    }

    private void Write(IRecordSink sink, SinkMessage message)
    {
        var root = message.Root;
        switch (message.Kind)
        {
            case SinkKind.Tick:
                return;
            case SinkKind.Accepted:
                sink.WriteAccepted(root, message.Payload!);
                _accepted++;
                break;
            case SinkKind.Rejected:
                sink.WriteRejected(root, message.Payload!, message.Rejection!);
                _rejected++;
                break;
            case SinkKind.Failed:
                sink.WriteFailed(root, message.Payload, message.Failure!);
                _failed++;
                break;
            case SinkKind.RootDone:
                MarkDone(sink, root);
                return;
        }

        root.CountOutput();
        if (root.ReleaseItem())
        {
            MarkDone(sink, root);
        }
    }

    private void MarkDone(IRecordSink sink, RootRecord root)
    {
        sink.MarkDone(root);
        _done += root.InputRecordsFinishedWith;
    }

    private readonly record struct Item(RootRecord Root, object Payload);

    private enum SinkKind
    {
        Accepted,
        Rejected,
        Failed,
        RootDone,

        /// <summary>The checkpoint timer's wake-up call; carries nothing.</summary>
        Tick,
    }

    private readonly record struct SinkMessage(SinkKind Kind, RootRecord Root, object? Payload, Rejection? Rejection, ItemFailure? Failure)
    {
        public static SinkMessage Tick => new(SinkKind.Tick, null!, null, null, null);
    }

    /// <summary>One per worker, reused across items (a worker processes one item at a time); one more for <see cref="Stage.CompleteAsync"/>.</summary>
    private sealed class StageOutput(PipelineEngine engine, Stage stage, StageCounters counters, ChannelWriter<Item>? next) : IStageOutput
    {
        private RootRecord? _root;

        public bool Produced { get; private set; }

        /// <summary>Whether the current item was held.</summary>
        public bool Held { get; private set; }

        public void Begin(RootRecord root)
        {
            _root = root;
            Produced = false;
            Held = false;
        }

        public void BeginCompletion()
        {
            _root = null;
            Produced = false;
            Held = false;
        }

        private RootRecord Current(string operation) => _root
            ?? throw new InvalidOperationException($"stage '{stage.Name}': {operation} needs a current item; in CompleteAsync use EmitGroupAsync or RejectHeldAsync");

        public ValueTask EmitAsync(object payload, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(payload);
            var root = Current(nameof(EmitAsync));
            Produced = true;
            counters.CountOut();
            root.AddItem();
            return Forward(root, payload, cancellationToken);
        }

        public ValueTask RejectAsync(object payload, Rejection rejection, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(payload);
            ArgumentNullException.ThrowIfNull(rejection);
            var root = Current(nameof(RejectAsync));
            Produced = true;
            counters.CountRejected();
            root.AddItem();
            return engine._sink.Writer.WriteAsync(new SinkMessage(SinkKind.Rejected, root, payload, rejection with { Stage = rejection.Stage ?? stage.Name }, null), cancellationToken);
        }

        public HeldItem Hold(object payload)
        {
            ArgumentNullException.ThrowIfNull(payload);
            var root = Current(nameof(Hold));
            Produced = true;
            Held = true;

            // The hold is a live item of the record: it stays open until the held item is grouped or rejected.
            root.AddItem();
            return new HeldItem(engine, root, payload);
        }

        public async ValueTask EmitGroupAsync(string key, IReadOnlyList<HeldItem> members, object payload, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            ArgumentNullException.ThrowIfNull(members);
            ArgumentNullException.ThrowIfNull(payload);
            if (members.Count == 0)
            {
                throw new ArgumentException("a group needs at least one held item", nameof(members));
            }

            // End every member first, so that a bad list (an ended item, one listed twice) changes nothing.
            for (var i = 0; i < members.Count; i++)
            {
                if (!ReferenceEquals(members[i].Owner, engine) || !members[i].TryEnd())
                {
                    for (var j = 0; j < i; j++)
                    {
                        members[j].Unend();
                    }

                    throw new InvalidOperationException($"stage '{stage.Name}': the held item of record '{members[i].RecordKey}' has already ended or is not from this run");
                }
            }

            var group = RootRecord.Gather(key, members.Select(m => m.Root));
            counters.CountOut();
            group.AddItem();
            await Forward(group, payload, cancellationToken).ConfigureAwait(false);

            // The group's creation, then the holds: the unit finishes when the group's outputs are written.
            await engine.ReleaseAsync(group, cancellationToken).ConfigureAwait(false);
            foreach (var member in members)
            {
                await engine.ReleaseAsync(member.Root, cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask RejectHeldAsync(HeldItem item, Rejection rejection, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(item);
            ArgumentNullException.ThrowIfNull(rejection);
            if (!ReferenceEquals(item.Owner, engine) || !item.TryEnd())
            {
                throw new InvalidOperationException($"stage '{stage.Name}': the held item of record '{item.RecordKey}' has already ended or is not from this run");
            }

            // The written line consumes the hold.
            counters.CountRejected();
            return engine._sink.Writer.WriteAsync(new SinkMessage(SinkKind.Rejected, item.Root, item.Payload, rejection with { Stage = rejection.Stage ?? stage.Name }, null), cancellationToken);
        }

        private ValueTask Forward(RootRecord root, object payload, CancellationToken cancellationToken)
        {
            if (next is not null)
            {
                return next.WriteAsync(new Item(root, payload), cancellationToken);
            }

            Interlocked.Increment(ref engine._acceptedEmitted);
            return engine._sink.Writer.WriteAsync(new SinkMessage(SinkKind.Accepted, root, payload, null, null), cancellationToken);
        }
    }
}
