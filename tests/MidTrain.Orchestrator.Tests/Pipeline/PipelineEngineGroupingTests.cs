using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Tests.Pipeline;

/// <summary>Stages that gather several held items into one output (n → 1): accounting, journaling, drain, faults.</summary>
public sealed class PipelineEngineGroupingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private static IEnumerable<string> Keys(int count) => Enumerable.Range(0, count).Select(i => $"doc-{i:D6}");

    [Fact]
    public async Task RunAsync_BatchesOfSeven_EveryRecordJournaledOnceWithItsGroupAfterTheGroupIsWritten()
    {
        var sink = new MemorySink();
        var batching = new BatchingStage("batch", size: 7);
        var stages = new Stage[] { LambdaStage.PassThrough("a", concurrency: 2), batching, LambdaStage.PassThrough("c", concurrency: 2) };

        var result = await Deadline.Within(new PipelineEngine(stages, sinkCapacity: 1).RunAsync(Sources.Documents(100), sink), Guard, "pipeline");

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        result.Accepted.Should().Be(15, "14 full batches and the last 2 documents");
        result.RecordsDone.Should().Be(100);
        batching.Completions.Should().Be(1);
        sink.Done.Should().BeEquivalentTo(Keys(100)).And.OnlyHaveUniqueItems();
        sink.DoneGroups.Should().BeEquivalentTo(sink.Accepted.Select(a => a.Root)).And.OnlyHaveUniqueItems();
        sink.DoneBeforeOutput.Should().BeEmpty();
        foreach (var (root, payload) in sink.Accepted)
        {
            var members = root["g:".Length..].Split('+');
            sink.Units.Should().ContainSingle(u => u.Contains(root)).Which.Should().BeEquivalentTo([root, .. members], "a group and its members are journaled in one unit");
            ((Document)payload).Id.Should().Be(root);
        }
    }

    [Fact]
    public async Task RunAsync_GroupFansOutAndIsPartlyRejected_UnitDoneOnlyWhenEveryOutputIsWritten()
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
        var rejectSecond = new LambdaStage("odd", (p, o, ct) => ((Document)p).Text.EndsWith("#1", StringComparison.Ordinal)
            ? o.RejectAsync(p, new Rejection { Stage = "odd", Reason = "second child" }, ct)
            : o.EmitAsync(p, ct), concurrency: 3);

        var result = await Deadline.Within(new PipelineEngine([new BatchingStage("batch", 4), fanOut, rejectSecond], sinkCapacity: 1).RunAsync(Sources.Documents(40), sink), Guard, "pipeline");

        result.Accepted.Should().Be(20);
        result.Rejected.Should().Be(10);
        sink.Done.Should().BeEquivalentTo(Keys(40));
        sink.DoneGroups.Should().HaveCount(10);
        sink.DoneBeforeOutput.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(13)]
    public async Task RunAsync_DownstreamFailsOneGroup_GroupGoesToFailedUnderItsOwnKeyAndItsMembersAreDone(int failAt)
    {
        var sink = new MemorySink();
        var groups = 0;
        var failing = new LambdaStage("fail", (p, o, ct) => Interlocked.Increment(ref groups) - 1 == failAt
            ? throw new InvalidOperationException("boom on a group")
            : o.EmitAsync(p, ct));

        var result = await Deadline.Within(new PipelineEngine([new BatchingStage("batch", 7), failing], sinkCapacity: 1).RunAsync(Sources.Documents(100), sink), Guard, "pipeline");

        result.Failed.Should().Be(1);
        result.Accepted.Should().Be(14);
        sink.Failed.Single().Root.Should().StartWith("g:");
        sink.Done.Should().BeEquivalentTo(Keys(100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(14)]
    public async Task RunAsync_RunLevelFaultOnAGroup_NoMemberOfAnUnwrittenGroupIsJournaled(int faultAt)
    {
        var sink = new MemorySink();
        var groups = 0;
        var aborting = new LambdaStage("abort", (p, o, ct) => Interlocked.Increment(ref groups) - 1 == faultAt
            ? throw new MidTrain.Core.Failures.RunAbortException("disk on fire")
            : o.EmitAsync(p, ct));

        var run = new PipelineEngine([new BatchingStage("batch", 7), aborting], sinkCapacity: 1).RunAsync(Sources.Documents(100), sink);
        var act = () => Deadline.Within(run, Guard, "faulted pipeline");

        await act.Should().ThrowAsync<MidTrain.Core.Failures.RunAbortException>();
        var written = sink.Accepted.Select(a => a.Root).ToHashSet();
        sink.DoneGroups.Should().BeSubsetOf(written);
        sink.Done.Should().BeEquivalentTo(written.SelectMany(g => g["g:".Length..].Split('+')), "exactly the members of written groups are done");
        sink.DoneBeforeOutput.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_Drain_HeldItemsStayUnjournaledAndTheStageIsNotCompleted()
    {
        using var drain = new CancellationTokenSource();
        var sink = new MemorySink();
        var batching = new BatchingStage("batch", 10, capacity: 4);
        var read = 0;

        var result = await Deadline.Within(new PipelineEngine([batching]).RunAsync(Sources.Documents(100_000, _ =>
        {
            if (Interlocked.Increment(ref read) == 55)
            {
                drain.Cancel();
            }
        }), sink, drain.Token), Guard, "drained pipeline");

        result.Outcome.Should().Be(PipelineOutcome.Drained);
        batching.Completions.Should().Be(0, "a drained stage keeps what it holds for --resume");
        sink.Accepted.Should().HaveCount((int)result.Records / 10);
        sink.Done.Should().HaveCount((int)result.Records / 10 * 10).And.BeEquivalentTo(Keys((int)result.Records / 10 * 10));
        result.RecordsDone.Should().Be(sink.Done.Count);
    }

    [Fact]
    public async Task RunAsync_TooFewLeftAtTheEnd_HeldItemsAreRejectedUnderTheirOwnRecords()
    {
        var sink = new MemorySink();

        await Deadline.Within(new PipelineEngine([new BatchingStage("batch", 10, minLast: 5)]).RunAsync(Sources.Documents(23), sink), Guard, "pipeline");

        sink.Accepted.Should().HaveCount(2);
        sink.Rejected.Select(r => r.Root).Should().BeEquivalentTo(Keys(23).Skip(20));
        sink.Rejected.Should().OnlyContain(r => r.Rejection.Reason == "too few left" && r.Rejection.Stage == "batch");
        sink.Done.Should().BeEquivalentTo(Keys(23));
        sink.Units.Where(u => u.Count == 1).Should().HaveCount(3, "a rejected held item finishes alone");
    }

    [Fact]
    public async Task RunAsync_ARecordInTwoGroups_TheChainedGroupsAndAllTheirMembersFinishAsOneUnit()
    {
        // Each document yields two halves (as a chunker yields passages), gathered three by three in arrival order:
        // (d0/0 d0/1 d1/0) (d1/1 d2/0 d2/1) share d1, so d0, d1, d2 and both groups are one unit; (d3/0 d3/1) is another.
        var sink = new MemorySink();
        var halves = new LambdaStage("halves", async (p, o, ct) =>
        {
            var d = (Document)p;
            await o.EmitAsync(d with { Id = d.Id + "/0" }, ct);
            await o.EmitAsync(d with { Id = d.Id + "/1" }, ct);
        });

        var result = await Deadline.Within(new PipelineEngine([halves, new BatchingStage("batch", 3)]).RunAsync(Sources.Documents(4), sink), Guard, "pipeline");

        sink.Accepted.Should().HaveCount(3);
        result.RecordsDone.Should().Be(4);
        sink.Units.Should().HaveCount(2);
        sink.Units.Should().ContainSingle(u => u.Count == 5).Which.Where(k => !k.StartsWith("g:", StringComparison.Ordinal))
            .Should().BeEquivalentTo("doc-000000", "doc-000001", "doc-000002");
        sink.Units.Should().ContainSingle(u => u.Count == 2).Which.Should().Contain("doc-000003");
        sink.Done.Should().BeEquivalentTo(Keys(4));
    }

    [Fact]
    public async Task RunAsync_StageThrowsAfterHolding_AbortsTheRunInsteadOfEndingTheItemTwice()
    {
        var sink = new MemorySink();
        var bad = new LambdaStage("bad", (p, o, ct) =>
        {
            o.Hold(p);
            throw new FormatException("bad data");
        });

        var act = () => Deadline.Within(new PipelineEngine([bad]).RunAsync(Sources.Documents(3), sink), Guard, "pipeline");

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("stage 'bad' threw after holding").And.Contain("bad data");
        sink.Failed.Should().BeEmpty();
        sink.Done.Should().BeEmpty();
    }

    [Fact]
    public async Task EmitGroupAsync_AnItemThatAlreadyEnded_ThrowsAndChangesNothing()
    {
        var sink = new MemorySink();
        InvalidOperationException? refused = null;
        var stage = new LambdaStage("twice", async (p, o, ct) =>
        {
            var held = o.Hold(p);
            await o.RejectHeldAsync(held, new Rejection { Stage = "twice", Reason = "first end" }, ct);
            try
            {
                await o.EmitGroupAsync("g", [held], p, ct);
            }
            catch (InvalidOperationException ex)
            {
                refused = ex;
            }
        });

        await Deadline.Within(new PipelineEngine([stage]).RunAsync(Sources.Documents(1), sink), Guard, "pipeline");

        refused.Should().NotBeNull();
        refused!.Message.Should().Contain("already ended");
        sink.Rejected.Should().ContainSingle();
        sink.Accepted.Should().BeEmpty();
        sink.Done.Should().Equal("doc-000000");
    }

    [Fact]
    public async Task CompleteAsync_EmitAsyncWithoutCurrentItem_AbortsNamingTheStage()
    {
        var stage = new CompletingWithEmitStage();

        var act = () => Deadline.Within(new PipelineEngine([stage]).RunAsync(Sources.Documents(2), new MemorySink()), Guard, "pipeline");

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("'emit-at-end'").And.Contain("EmitGroupAsync");
    }

    [Fact]
    public void ValidateChain_StageAcceptingTwoTypesGetsAnother_NamesBoth()
    {
        PipelineEngine.ValidateChain([new BatchingStage("b", 2), new TwoTypesStage()], typeof(Sample))
            .Should().Be("stage 2 'two-types' needs Document or Passage input but receives Sample");
        PipelineEngine.ValidateChain([new TwoTypesStage()], typeof(Passage)).Should().BeNull();
    }

    private sealed class CompletingWithEmitStage() : Stage("emit-at-end")
    {
        public override ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken) => output.EmitAsync(payload, cancellationToken);

        public override ValueTask CompleteAsync(IStageOutput output, CancellationToken cancellationToken) =>
            output.EmitAsync(new Document("late", "x"), cancellationToken);
    }

    private sealed class TwoTypesStage() : Stage("two-types")
    {
        public override IReadOnlyList<Type> InputTypes => [typeof(Document), typeof(Passage)];

        public override ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken) => output.EmitAsync(payload, cancellationToken);
    }
}
