using MidTrain.Core.Failures;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;
using Microsoft.Extensions.Time.Testing;
using System.Runtime.CompilerServices;

namespace MidTrain.Orchestrator.Tests.Pipeline;

/// <summary>When the engine checkpoints, on a fake clock: checkpoints are timed by the injected TimeProvider only.</summary>
public sealed class PipelineEngineCheckpointTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_QuietPipeline_JournalsWhenTheFakeClockPassesTheIdleDelayAndNotBefore()
    {
        var clock = new FakeTimeProvider();
        var sink = new CheckpointLog();
        var more = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new PipelineEngine([], checkpointInterval: TimeSpan.FromSeconds(1), timeProvider: clock);

        var run = engine.RunAsync(OneThenWait(more.Task), sink);
        await Deadline.Until(() => sink.MarkedDone.Contains("a"), Guard);
        sink.MarkedDone.Should().Equal("a");

        // The record is written and finished, but the clock has not moved: nothing is journaled yet.
        sink.Checkpoints.Should().BeEmpty();
        clock.Advance(TimeSpan.FromMilliseconds(199));
        sink.Checkpoints.Should().BeEmpty("199 ms is under the idle delay");

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Deadline.Until(() => sink.Checkpoints.Count > 0, Guard);
        sink.Checkpoints.Should().ContainSingle().Which.Should().Be(new CheckpointLog.Entry(Written: 1, Journaled: ["a"]),
            "the quiet pipeline's tick at 200 ms journals what was written, though no output arrived since");

        more.SetResult();
        var result = await Deadline.Within(run, Guard, "pipeline");
        result.Accepted.Should().Be(2);
        sink.Checkpoints.Should().HaveCount(2);
        sink.Checkpoints[^1].Should().Be(new CheckpointLog.Entry(Written: 2, Journaled: ["a", "b"]), "the run ends with a checkpoint");
    }

    [Fact]
    public async Task RunAsync_OutputsQueuedBehindASlowWrite_CheckpointsOnceTheFakeClockPassesTheInterval()
    {
        var clock = new FakeTimeProvider();
        using var release = new ManualResetEventSlim();
        var sink = new CheckpointLog(blockFirstWrite: release);
        var engine = new PipelineEngine([], checkpointInterval: TimeSpan.FromSeconds(1), timeProvider: clock);

        var run = engine.RunAsync(Sources.Documents(5), sink);
        await Deadline.Until(() => sink.FirstWriteEntered && engine.RecordsRead == 5, Guard);
        sink.FirstWriteEntered.Should().BeTrue();
        engine.RecordsRead.Should().Be(5);

        // While the first write takes a (fake) second, the other four records queue up behind it.
        clock.Advance(TimeSpan.FromSeconds(1));
        release.Set();
        await Deadline.Within(run, Guard, "pipeline");

        // The interval check runs after each write, so the checkpoint comes right after the first one, not once the
        // queue is empty; the other four wait for the next (here the final) checkpoint.
        sink.Checkpoints.Should().Equal(
            new CheckpointLog.Entry(Written: 1, Journaled: ["doc-000000"]),
            new CheckpointLog.Entry(Written: 5, Journaled: ["doc-000000", "doc-000001", "doc-000002", "doc-000003", "doc-000004"]));
    }

    private static async IAsyncEnumerable<SourceRecord> OneThenWait(Task more, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new SourceRecord(new RootRecord("a", "f", 1), new Document("a", "x"), null);
        await more.WaitAsync(cancellationToken);
        yield return new SourceRecord(new RootRecord("b", "f", 2), new Document("b", "y"), null);
    }

    /// <summary>A sink that records, at each checkpoint, how many lines were written and which records were journaled.</summary>
    private sealed class CheckpointLog(ManualResetEventSlim? blockFirstWrite = null) : IRecordSink
    {
        private readonly Lock _gate = new();
        private readonly List<string> _done = [];
        private readonly List<Entry> _checkpoints = [];
        private int _written;
        private volatile bool _firstWriteEntered;

        public bool FirstWriteEntered => _firstWriteEntered;

        public IReadOnlyList<string> MarkedDone
        {
            get
            {
                lock (_gate)
                {
                    return [.. _done];
                }
            }
        }

        public IReadOnlyList<Entry> Checkpoints
        {
            get
            {
                lock (_gate)
                {
                    return [.. _checkpoints];
                }
            }
        }

        public void WriteAccepted(RootRecord root, object payload)
        {
            if (!_firstWriteEntered)
            {
                _firstWriteEntered = true;
                blockFirstWrite?.Wait(Guard);
            }

            lock (_gate)
            {
                _written++;
            }
        }

        public void WriteRejected(RootRecord root, object payload, Rejection rejection) => throw new InvalidOperationException("nothing is rejected here");

        public void WriteFailed(RootRecord root, object? payload, ItemFailure failure) => throw new InvalidOperationException("nothing fails here");

        public void MarkDone(RootRecord root)
        {
            lock (_gate)
            {
                _done.Add(root.Key);
            }
        }

        public void Checkpoint()
        {
            lock (_gate)
            {
                // What a real sink journals here: every record marked done so far.
                _checkpoints.Add(new Entry(_written, [.. _done]));
            }
        }

        public sealed record Entry(int Written, IReadOnlyList<string> Journaled)
        {
            public bool Equals(Entry? other) => other is not null && Written == other.Written && Journaled.SequenceEqual(other.Journaled);

            public override int GetHashCode() => Written;

            public override string ToString() => $"written {Written}, journaled [{string.Join(", ", Journaled)}]";
        }
    }
}
