using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Datasets.Cards;
using MidTrain.Datasets.Statistics;
using MidTrain.Datasets.Tests.Fixtures;

namespace MidTrain.Datasets.Tests.Statistics;

/// <summary>
/// A worked example of the per-stage flow derived from the output files: 5 input lines (one bad), chunk → generate →
/// verify → judge, with a rejection or failure at every stage.
/// </summary>
public sealed class StageFlowTests
{
    private static JsonObject Passage(string doc, int index) => new() { ["doc_id"] = doc, ["index"] = index, ["start"] = 0, ["end"] = 5, ["text"] = "text." };

    [Fact]
    public void Compute_ChunkGenerateVerifyJudge_CountsEveryStageFromTheFiles()
    {
        var stages = new JsonArray(
            new JsonObject { ["chunk"] = new JsonObject { ["max_chars"] = 100 } },
            new JsonObject { ["generate"] = "teacher", ["model"] = "t" },
            new JsonObject { ["verify"] = "math" },
            new JsonObject { ["judge"] = new JsonArray("answerable"), ["model"] = "j" });
        var manifest = new JsonObject
        {
            ["config"] = new JsonObject { ["stages"] = stages },
            ["stages"] = new JsonArray(
                new JsonObject { ["name"] = "chunk" }, new JsonObject { ["name"] = "generate:teacher" },
                new JsonObject { ["name"] = "verify:math" }, new JsonObject { ["name"] = "judge:answerable" }),
            ["counts"] = new JsonObject { ["records_done"] = 5 },
        };
        var view = new RunManifestView(manifest);
        var tally = RunCard.NewTally(view);
        JsonElement E(JsonObject o) => JsonDocument.Parse(o.ToJsonString()).RootElement;
        var sample = (string id, string doc, int passage) => RunDirectoryBuilder.Sample(id, "Q " + id, "A", doc, passage);
        JsonObject Rejected(JsonObject s, string stage, string by)
        {
            s["rejection"] = new JsonObject { ["stage"] = stage, ["reason"] = "r", ["by"] = by };
            return s;
        }

        tally.AddAccepted(E(sample("s1", "d1", 0)));
        tally.AddRejected(E(Rejected(new JsonObject { ["id"] = "d4", ["text"] = "x" }, "chunk", "chunk")));
        tally.AddRejected(E(Rejected(sample("s5", "d2", 0), "generate:teacher", "near_duplicate")));
        tally.AddRejected(E(Rejected(sample("s4", "d2", 0), "verify:math", "math")));
        tally.AddRejected(E(Rejected(sample("s3", "d1", 1), "judge:answerable", "answerable")));
        tally.AddFailed(E(new JsonObject { ["root"] = "@c:5", ["stage"] = "input", ["kind"] = "bad_input", ["message"] = "c:5: invalid JSON" }));
        tally.AddFailed(E(new JsonObject { ["root"] = "d3", ["stage"] = "generate:teacher", ["kind"] = "parse", ["message"] = "m", ["record"] = Passage("d3", 0) }));
        tally.AddFailed(E(new JsonObject { ["root"] = "d1", ["stage"] = "judge:answerable", ["kind"] = "parse", ["message"] = "m", ["record"] = sample("s2", "d1", 0) }));

        var flow = StageFlow.Compute(view.Stages, tally, view.Count("records_done"));

        flow.Select(f => (f.Stage.Name, f.In, f.Out, f.Rejected, f.Failed)).Should().Equal(
            ("chunk", 4L, 4L, 1L, 0L),               // 5 lines − 1 bad; d4 has no passage; passages d1/0, d1/1, d2/0, d3/0
            ("generate:teacher", 4L, 4L, 1L, 1L),    // d3/0 failed; s1..s5 generated, s5 a near-duplicate
            ("verify:math", 4L, 3L, 1L, 0L),
            ("judge:answerable", 3L, 1L, 1L, 1L));
        flow[1].Yield.Should().Be(1.0);
        tally.SamplesGenerated.Should().Be(5);
        tally.NearDuplicates.Should().Be(1);
        tally.Passages.Should().Be(4);
    }

    [Fact]
    public void Compute_TwoGenerators_LeavesWhatTheFilesCannotTellUnknown()
    {
        var manifest = new JsonObject
        {
            ["config"] = new JsonObject { ["stages"] = new JsonArray(new JsonObject { ["generate"] = "teacher" }, new JsonObject { ["generate"] = "backtranslation" }) },
            ["counts"] = new JsonObject { ["records_done"] = 2 },
        };
        var view = new RunManifestView(manifest);

        var flow = StageFlow.Compute(view.Stages, RunCard.NewTally(view), view.Count("records_done"));

        flow[0].In.Should().Be(2);
        flow[0].Out.Should().BeNull();
        flow[1].In.Should().BeNull();
        flow[1].Out.Should().Be(0);
    }
}
