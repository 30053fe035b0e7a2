using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Runs;

public sealed class RunDirectoryTests
{
    [Fact]
    public void CreateFresh_NonEmptyDirectory_RefusesWithClearMessage()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "something"), "x");

        var act = () => RunDirectory.CreateFresh(dir);

        act.Should().Throw<InvalidOperationException>().WithMessage("*is not empty*--resume*");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void OpenForResume_KeepsOnlyLinesOfJournaledRecordsAndDropsTornLines()
    {
        var dir = TestPaths.NewTempDir();
        using (var run = RunDirectory.CreateFresh(dir))
        {
            var a = new RootRecord("a", "f", 1);
            var b = new RootRecord("b", "f", 2);
            var bad = new RootRecord("@f:3", "f", 3);
            run.WriteAccepted(a, new Document("a", "alpha"));
            run.WriteAccepted(b, new Document("b", "beta"));
            run.WriteFailed(bad, null, new ItemFailure { Stage = "input", Kind = "bad_input", Message = "f:3: invalid JSON" });
            run.MarkDone(a);
            run.MarkDone(bad);
            run.Checkpoint();
        }

        // A crash in the middle of a line.
        File.AppendAllText(Path.Combine(dir, RunFiles.Accepted), "{\"id\":\"c\",\"te");

        using (var resumed = RunDirectory.OpenForResume(dir))
        {
            resumed.Resumed.Should().BeTrue();
            resumed.IsDone("a").Should().BeTrue();
            resumed.IsDone("b").Should().BeFalse();
            resumed.IsDone("@f:3").Should().BeTrue();
            resumed.PriorCounts.Should().Be((1L, 0L, 1L));
        }

        File.ReadAllLines(Path.Combine(dir, RunFiles.Accepted)).Should().Equal("{\"id\":\"a\",\"text\":\"alpha\"}");
        File.ReadAllLines(Path.Combine(dir, RunFiles.Failed)).Should().ContainSingle().Which.Should().Contain("\"root\":\"@f:3\"");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Checkpoint_GatheredRecords_JournalsTheUnitInOneLineAndResumeSkipsEveryMember()
    {
        var dir = TestPaths.NewTempDir();
        using (var run = RunDirectory.CreateFresh(dir))
        {
            var a = new RootRecord("a", "f", 1);
            var b = new RootRecord("b", "f", 2);
            var c = new RootRecord("c", "f", 3);
            var group = RootRecord.Gather("ctx-1", [a, b]);
            var pending = RootRecord.Gather("ctx-2", [c]);
            run.WriteAccepted(group, new LongContext("ctx-1", "<document number=\"1\">\nalpha\n</document>", []));
            run.WriteAccepted(pending, new LongContext("ctx-2", "x", []));
            run.MarkDone(b);
            run.Checkpoint();
            run.PriorDone.Should().Be(0);
        }

        File.ReadAllLines(Path.Combine(dir, RunFiles.Journal)).Should().Equal("{\"done\":\"a\",\"with\":[\"b\"],\"groups\":[\"ctx-1\"]}");
        using (var resumed = RunDirectory.OpenForResume(dir))
        {
            resumed.IsDone("a").Should().BeTrue();
            resumed.IsDone("b").Should().BeTrue();
            resumed.IsDone("c").Should().BeFalse();
            resumed.PriorDone.Should().Be(2, "groups are not input records");
            resumed.PriorCounts.Should().Be((1L, 0L, 0L));
        }

        File.ReadAllLines(Path.Combine(dir, RunFiles.Accepted)).Should().ContainSingle().Which.Should().StartWith("{\"id\":\"ctx-1\"");
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("{\"root\":\"r1\",\"stage\":\"x\"}", "r1")]
    [InlineData("{\"id\":\"s1\",\"source\":{\"doc_id\":\"d1\",\"passage\":0},\"messages\":[]}", "d1")]
    [InlineData("{\"doc_id\":\"d2\",\"index\":0,\"text\":\"t\"}", "d2")]
    [InlineData("{\"id\":\"d3\",\"text\":\"t\",\"metadata\":{\"doc_id\":\"nope\",\"source\":{\"doc_id\":\"nope\"}}}", "d3")]
    [InlineData("{\"id\":\"ctx-9\",\"chars\":3,\"documents\":[{\"number\":1,\"id\":\"d5\"}],\"text\":\"t\"}", "ctx-9")]
    [InlineData("{\"id\":\"d4", null)]
    public void RootKeyOf_EachOutputShape_FindsTheInputRecord(string line, string? expected) =>
        PayloadJson.RootKeyOf(System.Text.Encoding.UTF8.GetBytes(line)).Should().Be(expected);
}
