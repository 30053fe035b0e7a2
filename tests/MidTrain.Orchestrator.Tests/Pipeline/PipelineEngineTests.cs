using System.Runtime.CompilerServices;
using MidTrain.Core.Failures;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Pipeline;

public sealed class PipelineEngineTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(99)]
    public async Task RunAsync_CapacityOneWithFaultAtPosition_RoutesOnlyThatItemToFailed(int faultAt)
    {
        var faulty = $"doc-{faultAt:D6}";
        var stages = new Stage[]
        {
            LambdaStage.PassThrough("a"),
            LambdaStage.ThrowingOn(d => d.Id == faulty, "b"),
            LambdaStage.PassThrough("c"),
        };
        var sink = new MemorySink();

        var result = await Deadline.Within(new PipelineEngine(stages, sinkCapacity: 1).RunAsync(Sources.Documents(100), sink), Guard, "pipeline");

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        sink.Failed.Should().ContainSingle().Which.Failure.Should().Match<ItemFailure>(f => f.Stage == "b" && f.Kind == "error" && f.Message.Contains(faulty));
        sink.Failed[0].Root.Should().Be(faulty);
        sink.Accepted.Should().HaveCount(99);
        sink.Done.Should().HaveCount(100).And.OnlyHaveUniqueItems();
        sink.AllOutputRoots.Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => $"doc-{i:D6}"));
    }

    [Fact]
    public async Task RunAsync_StageThrowsOnEveryItem_CompletesWithEveryItemFailed()
    {
        var sink = new MemorySink();
        var stages = new Stage[] { LambdaStage.PassThrough(), LambdaStage.ThrowingOn(_ => true, concurrency: 3) };

        var result = await Deadline.Within(new PipelineEngine(stages, sinkCapacity: 1).RunAsync(Sources.Documents(500), sink), Guard, "pipeline");

        result.Failed.Should().Be(500);
        result.Accepted.Should().Be(0);
        sink.Failed.Select(f => f.Root).Should().OnlyHaveUniqueItems().And.HaveCount(500);
        sink.Done.Should().HaveCount(500);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    [InlineData(499)]
    public async Task RunAsync_RunLevelFault_CancelsEverythingAndSurfacesTheFaultOnce(int faultAt)
    {
        var sink = new MemorySink();
        var parked = $"doc-{(faultAt + 1) % 500:D6}";
        var aborting = new[] { $"doc-{faultAt:D6}", $"doc-{(faultAt == 499 ? 498 : faultAt + 2):D6}" };
        var parkedStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        var parkedStopped = 0;
        var active = 0;
        var thrown = new List<RunAbortException>();

        // Every call is counted while it runs, so that "every stage had stopped" can be checked when the fault surfaces.
        LambdaStage Counted(string name, Func<Document, IStageOutput, CancellationToken, Task> body) =>
            new(name, async (p, o, ct) =>
            {
                Interlocked.Increment(ref active);
                try
                {
                    await body((Document)p, o, ct);
                }
                finally
                {
                    Interlocked.Decrement(ref active);
                }
            }, concurrency: 2);

        var stages = new Stage[]
        {
            // One worker of "a" holds an item until the run is cancelled; the other keeps the items flowing.
            Counted("a", async (d, o, ct) =>
            {
                if (d.Id == parked)
                {
                    parkedStarted.SetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    finally
                    {
                        // Slow to wind down (as a model call closing its connection): the engine must wait for it.
                        await Task.Delay(100, CancellationToken.None);
                        Interlocked.Increment(ref parkedStopped);
                    }
                }

                await o.EmitAsync(d, ct);
            }),

            // Both workers abort at once, each on its own item, once the parked item is held: two faults race.
            Counted("aborting", async (d, o, ct) =>
            {
                if (aborting.Contains(d.Id))
                {
                    if (Interlocked.Increment(ref arrived) == 2)
                    {
                        bothArrived.SetResult();
                    }

                    // Not on the token: the first abort cancels it, and the second must still throw its own.
                    await Task.WhenAll(parkedStarted.Task, bothArrived.Task).WaitAsync(Guard);
                    var abort = new RunAbortException("disk on fire");
                    lock (thrown)
                    {
                        thrown.Add(abort);
                    }

                    throw abort;
                }

                await o.EmitAsync(d, ct);
            }),
            Counted("c", (d, o, ct) => o.EmitAsync(d, ct).AsTask()),
        };

        var run = new PipelineEngine(stages, sinkCapacity: 1).RunAsync(Sources.Documents(500), sink);
        var surfaced = await Record.ExceptionAsync(() => Deadline.Within(run, Guard, "faulted pipeline"));

        thrown.Should().HaveCount(2, "both workers of the aborting stage threw");
        surfaced.Should().BeOfType<RunAbortException>("the fault itself surfaces, not an AggregateException or a cancellation");
        thrown.Should().Contain((RunAbortException)surfaced!);
        run.Exception!.InnerExceptions.Should().ContainSingle("one fault is rethrown, once");
        Volatile.Read(ref parkedStopped).Should().Be(1, "the parked item was cancelled, and its worker stopped before the fault surfaced");
        Volatile.Read(ref active).Should().Be(0, "no stage was still processing an item when the fault surfaced");
        sink.Accepted.Select(a => a.Root).Should().NotContain(aborting).And.NotContain(parked);
        sink.Failed.Should().BeEmpty("a run-level fault is not an item failure");
        sink.Done.Should().OnlyHaveUniqueItems();
        sink.Done.Should().BeSubsetOf(sink.AllOutputRoots, "a record is journaled only after its outputs");
    }

    [Fact]
    public async Task RunAsync_CancelledMidRun_StopsPromptlyAndJournalsOnlyFinishedRecords()
    {
        using var cts = new CancellationTokenSource();
        var sink = new MemorySink();
        var started = 0;
        var slow = new LambdaStage("slow", async (p, o, ct) =>
        {
            if (Interlocked.Increment(ref started) == 20)
            {
                await cts.CancelAsync();
            }

            await Task.Delay(5, ct);
            await o.EmitAsync(p, ct);
        }, concurrency: 2);

        var run = new PipelineEngine([LambdaStage.PassThrough(), slow]).RunAsync(Sources.Documents(100_000), sink, cancellationToken: cts.Token);
        var act = () => Deadline.Within(run, Guard, "cancelled pipeline");

        await act.Should().ThrowAsync<OperationCanceledException>();
        sink.Accepted.Count.Should().BeLessThan(100);
        sink.Done.Should().BeEquivalentTo(sink.Accepted.Select(a => a.Root));
    }

    [Fact]
    public async Task RunAsync_Drain_StopsReadingAndFinishesInFlightItems()
    {
        using var drain = new CancellationTokenSource();
        var sink = new MemorySink();
        var stages = new Stage[]
        {
            new LambdaStage("slow", async (p, o, ct) =>
            {
                await Task.Delay(2, ct);
                await o.EmitAsync(p, ct);
            }, concurrency: 2, capacity: 4),
        };

        var read = 0;
        var engine = new PipelineEngine(stages);
        var run = engine.RunAsync(Sources.Documents(100_000, i =>
        {
            if (Interlocked.Increment(ref read) == 50)
            {
                drain.Cancel();
            }
        }), sink, drain.Token);

        var result = await Deadline.Within(run, Guard, "drained pipeline");

        result.Outcome.Should().Be(PipelineOutcome.Drained);
        result.Records.Should().BeInRange(50, 51);
        sink.Accepted.Should().HaveCount((int)result.Records, "every record read before the drain is finished");
        sink.Done.Should().HaveCount((int)result.Records);
    }

    [Fact]
    public async Task RunAsync_DrainWhileTheSourceWaitsForInput_StopsTheSourceAtOnceAndFinishesWhatWasRead()
    {
        using var drain = new CancellationTokenSource();
        var sink = new MemorySink();
        async IAsyncEnumerable<SourceRecord> ThreeThenWaitForever([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var record in Sources.Documents(3).WithCancellation(cancellationToken))
            {
                yield return record;
            }

            // A source waiting for input that never comes (a quiet network stream): only its token can end the wait.
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield return new SourceRecord(new RootRecord("never", "f", 4), new Document("never", "x"), null);
        }

        var engine = new PipelineEngine([LambdaStage.PassThrough()]);
        var run = engine.RunAsync(ThreeThenWaitForever(), sink, drain.Token);
        await Deadline.Until(() => engine.RecordsRead == 3, Guard);
        await drain.CancelAsync();

        var result = await Deadline.Within(run, Guard, "drained pipeline");

        result.Outcome.Should().Be(PipelineOutcome.Drained);
        result.Records.Should().Be(3);
        sink.Accepted.Select(a => a.Root).Should().Equal("doc-000000", "doc-000001", "doc-000002");
        sink.Done.Should().HaveCount(3);
    }

    [Fact]
    public async Task RunAsync_SlowConsumer_BackpressureBoundsItemsInFlight()
    {
        var produced = 0;
        var consumed = 0;
        var maxInFlight = 0;
        var slowLast = new LambdaStage("slow", async (p, o, ct) =>
        {
            var inFlight = Volatile.Read(ref produced) - Interlocked.Increment(ref consumed);
            InterlockedMax(ref maxInFlight, inFlight);
            await Task.Delay(1, ct);
            await o.EmitAsync(p, ct);
        }, concurrency: 1, capacity: 1);
        var stages = new Stage[] { LambdaStage.PassThrough("a", 2, 1), LambdaStage.PassThrough("b", 2, 1), slowLast };

        var sink = new MemorySink();
        await Deadline.Within(new PipelineEngine(stages, sinkCapacity: 1).RunAsync(Sources.Documents(300, _ => Interlocked.Increment(ref produced)), sink), Guard, "pipeline");

        // Channels of capacity 1 plus one item held by each worker and the source: a small constant, not the corpus.
        maxInFlight.Should().BeLessThanOrEqualTo(12);
        sink.Accepted.Should().HaveCount(300);
    }

    [Fact]
    public async Task RunAsync_FanOut_JournalsRootOnlyAfterAllChildrenAreWritten()
    {
        var sink = new MemorySink();
        var fanOut = new LambdaStage("fan", async (p, o, ct) =>
        {
            var d = (Document)p;
            for (var k = 0; k < 3; k++)
            {
                await o.EmitAsync(d with { Text = $"{d.Text} #{k}" }, ct);
            }
        });
        var rejectOdd = new LambdaStage("odd", (p, o, ct) => ((Document)p).Text.EndsWith("#1", StringComparison.Ordinal)
            ? o.RejectAsync(p, new Rejection { Stage = "odd", Reason = "odd child" }, ct)
            : o.EmitAsync(p, ct), concurrency: 2);

        var result = await Deadline.Within(new PipelineEngine([fanOut, rejectOdd]).RunAsync(Sources.Documents(40), sink), Guard, "pipeline");

        result.Accepted.Should().Be(80);
        result.Rejected.Should().Be(40);
        sink.Done.Should().HaveCount(40).And.OnlyHaveUniqueItems();
        sink.Rejected.Should().OnlyContain(r => r.Rejection.Reason == "odd child");
    }

    [Fact]
    public async Task RunAsync_StageDropsItemSilently_ItemIsRejectedAsNoOutput()
    {
        var sink = new MemorySink();
        var dropping = new LambdaStage("dropper", (p, o, ct) => ((Document)p).Id.EndsWith('3') ? ValueTask.CompletedTask : o.EmitAsync(p, ct));

        await Deadline.Within(new PipelineEngine([dropping]).RunAsync(Sources.Documents(20), sink), Guard, "pipeline");

        sink.Rejected.Should().HaveCount(2).And.OnlyContain(r => r.Rejection.Reason.StartsWith("no_output", StringComparison.Ordinal) && r.Rejection.Stage == "dropper");
        sink.Accepted.Should().HaveCount(18);
    }

    [Fact]
    public async Task RunAsync_BadInputRecords_GoStraightToFailedAndAreJournaled()
    {
        var sink = new MemorySink();
        IEnumerable<SourceRecord> Source()
        {
            yield return new SourceRecord(new RootRecord("a", "f", 1), new Document("a", "x"), null);
            yield return new SourceRecord(new RootRecord("@f:2", "f", 2), null, new ItemFailure { Stage = "input", Kind = "bad_input", Message = "f:2: invalid JSON" });
        }

        var result = await Deadline.Within(new PipelineEngine([LambdaStage.PassThrough()]).RunAsync(Source().ToAsyncEnumerable(), sink), Guard, "pipeline");

        result.Failed.Should().Be(1);
        sink.Failed.Single().Failure.Message.Should().Be("f:2: invalid JSON");
        sink.Done.Should().BeEquivalentTo("a", "@f:2");
    }

    [Fact]
    public void ValidateChain_StageNeedsSampleButGetsDocument_NamesTheStage()
    {
        var needsSample = new TypedStage();
        PipelineEngine.ValidateChain([LambdaStage.PassThrough(), needsSample], typeof(Document))
            .Should().Be("stage 2 'needs-sample' needs Sample input but receives Document");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class TypedStage() : Stage<Sample, Sample>("needs-sample")
    {
        protected override ValueTask ProcessAsync(Sample payload, IStageOutput output, CancellationToken cancellationToken) =>
            output.EmitAsync(payload, cancellationToken);
    }
}
