using System.Text.Json.Nodes;
using MidTrain.Datasets.Cards;
using MidTrain.Datasets.Tests.Export;
using MidTrain.Datasets.Tests.Fixtures;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Cards;

/// <summary>The dataset card every run writes (README.md): Hugging Face front matter, counts equal to the manifest, and the same card for a resumed run as for an uninterrupted one.</summary>
public sealed class RunCardTests(QuickstartFixture run) : IClassFixture<QuickstartFixture>
{
    [Fact]
    public void Card_QuickstartRun_FrontMatterParsesAndItsCountsEqualTheManifest()
    {
        var text = File.ReadAllText(Path.Combine(run.RunDirectory, "README.md"));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "manifest.json")))!;
        var counts = manifest["counts"]!;

        var card = HfExportTests.FrontMatter(text);

        card["license"].Should().Be("other");
        ((List<object>)card["tags"]).Should().Equal("synthetic", "midtrain");
        ((List<object>)card["task_categories"]).Should().Contain("text-generation");
        ((List<object>)card["size_categories"]).Should().Equal("n<1K");
        var languages = QuickstartRun.Lines(Path.Combine(run.RunDirectory, "accepted.jsonl")).Select(l => l["attributes"]!["language"]!.GetValue<string>()).Distinct();
        ((List<object>)card["language"]).Cast<string>().Should().Contain(languages);
        var configs = ((List<object>)card["configs"]).Cast<Dictionary<object, object>>().ToList();
        configs[0]["config_name"].Should().Be("default");
        ((List<object>)((Dictionary<object, object>)((List<object>)configs[0]["data_files"])[0])["path"]).Should().Equal("accepted.jsonl");
        var cardCounts = (Dictionary<object, object>)((Dictionary<object, object>)card["midtrain"])["counts"];
        foreach (var (key, manifestKey) in new[] { ("accepted", "accepted"), ("rejected", "rejected"), ("failed", "failed"), ("input_records", "records_done") })
        {
            cardCounts[key].Should().Be(counts[manifestKey]!.ToJsonString(), key);
        }

        // The per-stage table: chunk takes every input record, the judge passes on exactly what was accepted.
        var rows = StageRows(text);
        rows.Select(r => r[1]).Should().Equal("chunk", "generate:backtranslation", "judge:answerable+self_contained");
        rows[0][2].Should().Be(counts["records_done"]!.ToJsonString());
        rows[2][3].Should().Be(counts["accepted"]!.ToJsonString());
        long.Parse(rows[2][4], System.Globalization.CultureInfo.InvariantCulture).Should()
            .Be(QuickstartRun.Lines(Path.Combine(run.RunDirectory, "rejected.jsonl")).Count(r => r["rejection"]!["stage"]!.GetValue<string>().StartsWith("judge", StringComparison.Ordinal)));
        text.Should().Contain("## Judge scores").And.Contain("### judge/answerable");
        text.Should().Contain("./midtrain run ").And.Contain("--seed 42");
    }

    [Fact]
    public async Task Card_ResumedRun_IdenticalToAnUninterruptedRunApartFromTheTimestamp()
    {
        var root = TestPaths.NewTempDir("midtrain-card-resume");
        var config = QuickstartRun.Config(root);
        var whole = Path.Combine(root, "whole");
        var resumed = Path.Combine(root, "resumed");
        (await QuickstartRun.RunAsync(config, whole)).Status.Should().Be(RunStatus.Completed);

        // Drain (Ctrl+C once) after a few model calls, then resume.
        using var drain = new CancellationTokenSource();
        var first = await QuickstartRun.RunAsync(config, resumed, onModelCall: call =>
        {
            if (call == 15)
            {
                drain.Cancel();
            }
        }, drain: drain.Token);
        first.Status.Should().Be(RunStatus.Interrupted, first.Message);
        (await QuickstartRun.RunAsync(config, resumed, resume: true)).Status.Should().Be(RunStatus.Completed);
        JsonNode.Parse(File.ReadAllText(Path.Combine(resumed, "manifest.json")))!["resumes"]!.GetValue<int>().Should().Be(1);

        var a = File.ReadAllLines(Path.Combine(whole, "README.md"));
        var b = File.ReadAllLines(Path.Combine(resumed, "README.md"));

        a.Should().HaveSameCount(b);
        var differing = a.Zip(b).Where(p => p.First != p.Second).ToList();
        differing.Should().OnlyContain(p => p.First.StartsWith("  finished_at: ", StringComparison.Ordinal) && p.Second.StartsWith("  finished_at: ", StringComparison.Ordinal));
        a.Count(l => l.Contains("finished_at", StringComparison.Ordinal)).Should().Be(1, "timestamps live in one field");
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Build_CardSectionInTheConfig_SetsLicenseAndDescription()
    {
        var dir = new RunDirectoryBuilder()
            .Accept(RunDirectoryBuilder.Sample("a", "Q?", "A.", scores: new Dictionary<string, double?> { ["helpful"] = 4 }))
            .Write(RunDirectoryBuilder.NewDirectory(), m => m["config"]!["card"] = new JsonObject { ["license"] = "cc-by-4.0", ["description"] = "Questions about lighthouses." });
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!.AsObject();

        var text = RunCard.Build(dir, manifest);

        HfExportTests.FrontMatter(text)["license"].Should().Be("cc-by-4.0");
        text.Should().Contain("# handmade\n\nQuestions about lighthouses.\n");
    }

    /// <summary>The cells of the rows of the "Counts and yield" table.</summary>
    private static List<string[]> StageRows(string card)
    {
        var section = card[card.IndexOf("## Counts and yield", StringComparison.Ordinal)..];
        return section.Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
    }
}
