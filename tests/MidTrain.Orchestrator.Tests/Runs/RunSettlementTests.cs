using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Runs;

public sealed class RunSettlementTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("midtrain-settle");

    public void Dispose() => Directory.Delete(_dir, true);

    private static string SampleLine(string id, string doc, string? rejection = null)
    {
        var sample = new Sample
        {
            Id = id,
            Source = new SourceSpan(doc, 0, 0, 10),
            Messages = [new Message(Message.User, $"question {id}?"), new Message(Message.Assistant, "answer")],
        };
        var node = JsonSerializer.SerializeToNode(sample, JsonDefaults.Options)!.AsObject();
        if (rejection is not null)
        {
            node["rejection"] = JsonNode.Parse(rejection);
        }

        return node.ToJsonString(JsonDefaults.Options);
    }

    private static Rejection Loses(string kept) => new() { Stage = "generate:backtranslation", By = "near_duplicate", Reason = $"near-duplicate of sample {kept}" };

    private void Write(string[] accepted, string[] rejected, string[] failed)
    {
        File.WriteAllLines(Path.Combine(_dir, RunFiles.Accepted), accepted);
        File.WriteAllLines(Path.Combine(_dir, RunFiles.Rejected), rejected);
        File.WriteAllLines(Path.Combine(_dir, RunFiles.Failed), failed);
    }

    private List<JsonNode> Read(string file) => File.ReadAllLines(Path.Combine(_dir, file)).Select(l => JsonNode.Parse(l)!).ToList();

    private Dictionary<string, int> Roots() => RunFiles.Outputs
        .SelectMany(f => File.ReadAllLines(Path.Combine(_dir, f)))
        .GroupBy(l => PayloadJson.RootKeyOf(System.Text.Encoding.UTF8.GetBytes(l))!)
        .ToDictionary(g => g.Key, g => g.Count());

    private void WriteRun()
    {
        var failedSample = new JsonObject
        {
            ["root"] = "d5", ["stage"] = "judge", ["kind"] = "invalid_judgement", ["message"] = "no score",
            ["record"] = JsonNode.Parse(SampleLine("f", "d5")),
        };
        Write(
            accepted: [SampleLine("a", "d1"), SampleLine("b", "d2"), SampleLine("c", "d3")],
            rejected: [SampleLine("d", "d4", """{"stage":"judge","reason":"low score","by":"answerable"}"""), SampleLine("e", "d1", """{"stage":"generate:backtranslation","reason":"near-duplicate of sample x","by":"near_duplicate"}""")],
            failed: [failedSample.ToJsonString(), """{"root":"d6","stage":"generate","kind":"parse","message":"m","record":{"doc_id":"d6","index":0,"start":0,"end":1,"text":"p"}}"""]);
    }

    [Fact]
    public void Apply_SamplesToReject_MovedFromAcceptedAndFailedAndRelabelledInRejected_RootsUnchanged()
    {
        WriteRun();
        var roots = Roots();

        var result = RunSettlement.Apply(_dir, new Dictionary<string, Rejection> { ["b"] = Loses("a"), ["d"] = Loses("a"), ["e"] = Loses("a"), ["f"] = Loses("c") }, Loses);

        result.Should().Be(new SettlementResult(FromAccepted: 1, FromFailed: 1, Relabelled: 2));
        Read(RunFiles.Accepted).Select(n => n["id"]!.GetValue<string>()).Should().Equal("a", "c");
        var rejected = Read(RunFiles.Rejected);
        rejected.Select(n => n["id"]!.GetValue<string>()).Should().Equal("d", "e", "b", "f");
        rejected.Should().OnlyContain(n => n["rejection"]!["by"]!.GetValue<string>() == "near_duplicate");
        rejected.Single(n => n["id"]!.GetValue<string>() == "f")["rejection"]!["reason"]!.GetValue<string>().Should().Be("near-duplicate of sample c");
        Read(RunFiles.Failed).Should().ContainSingle().Which["root"]!.GetValue<string>().Should().Be("d6");
        Roots().Should().BeEquivalentTo(roots, "lines move between files with their roots: the journal stays true");
        Directory.EnumerateFiles(_dir).Select(Path.GetFileName).Should().BeEquivalentTo(RunFiles.Outputs, "no temporary file or marker is left");
    }

    [Fact]
    public void Apply_OutputsAlreadySettled_WritesNothing()
    {
        WriteRun();
        var rejections = new Dictionary<string, Rejection> { ["b"] = Loses("a"), ["f"] = Loses("c") };
        RunSettlement.Apply(_dir, rejections, Loses);
        var before = RunFiles.Outputs.ToDictionary(f => f, f => (File.ReadAllBytes(Path.Combine(_dir, f)), File.GetLastWriteTimeUtc(Path.Combine(_dir, f))));

        var again = RunSettlement.Apply(_dir, rejections, Loses);

        again.Should().Be(SettlementResult.None);
        foreach (var (file, (bytes, written)) in before)
        {
            File.ReadAllBytes(Path.Combine(_dir, file)).Should().Equal(bytes);
            File.GetLastWriteTimeUtc(Path.Combine(_dir, file)).Should().Be(written);
        }
    }

    [Fact]
    public void Recover_CommittedSettlementInterruptedBeforeItsRenames_IsFinished()
    {
        WriteRun();
        File.WriteAllText(Path.Combine(_dir, RunFiles.Accepted + ".settle"), SampleLine("a", "d1") + "\n");
        File.WriteAllText(Path.Combine(_dir, RunSettlement.CommitMarker), "accepted.jsonl");

        RunSettlement.Recover(_dir);

        Read(RunFiles.Accepted).Select(n => n["id"]!.GetValue<string>()).Should().Equal("a");
        File.Exists(Path.Combine(_dir, RunSettlement.CommitMarker)).Should().BeFalse();
    }

    [Fact]
    public void Recover_UncommittedSettlement_IsDiscarded()
    {
        WriteRun();
        File.WriteAllText(Path.Combine(_dir, RunFiles.Accepted + ".settle"), "{\"torn\":");

        RunSettlement.Recover(_dir);

        Read(RunFiles.Accepted).Should().HaveCount(3);
        File.Exists(Path.Combine(_dir, RunFiles.Accepted + ".settle")).Should().BeFalse();
    }

    [Fact]
    public void Samples_ReadsAcceptedRejectedAndFailedRecords_SkipsOtherPayloads()
    {
        WriteRun();

        RunSettlement.Samples(_dir).Select(s => s.Id).Should().BeEquivalentTo("a", "b", "c", "d", "e", "f");
    }
}
