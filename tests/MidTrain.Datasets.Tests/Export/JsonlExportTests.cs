using System.Text.Json.Nodes;
using MidTrain.Datasets.Export;
using MidTrain.Datasets.Tests.Fixtures;

namespace MidTrain.Datasets.Tests.Export;

/// <summary><c>export --format messages</c> and <c>--format preference</c>, and the export filters.</summary>
public sealed class JsonlExportTests(QuickstartFixture run) : IClassFixture<QuickstartFixture>
{
    private string NewOut() => Path.Combine(run.Root, "export-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task ExportAsync_Messages_OneMessagesObjectPerAcceptedSampleAndNothingElse()
    {
        var output = NewOut();

        var result = await new DatasetExporter(new ExportOptions { Format = ExportFormat.Messages }).ExportAsync(run.RunDirectory, output);

        result.Files.Should().Equal("train.jsonl");
        var lines = QuickstartRun.Lines(Path.Combine(output, "train.jsonl"));
        var accepted = QuickstartRun.Lines(Path.Combine(run.RunDirectory, "accepted.jsonl"));
        lines.Should().HaveCount(accepted.Count);
        lines.Should().OnlyContain(l => l.Count == 1 && l.ContainsKey("messages"));
        lines.Select(l => l.ToJsonString()).Should().Equal(accepted.Select(a => new JsonObject { ["messages"] = a["messages"]!.DeepClone() }.ToJsonString()));
        File.ReadAllText(Path.Combine(output, "README.md")).Should().Contain("path:\n    - train.jsonl");
    }

    [Fact]
    public async Task ExportAsync_MessagesWithAReasoningTrace_KeepTheTraceInReasoningContent()
    {
        var reasoned = RunDirectoryBuilder.Sample("r1", "Why is the sky blue?", "Rayleigh scattering.");
        reasoned["messages"]![1]!["reasoning_content"] = "Short wavelengths scatter more {1/l^4}.";
        var dir = new RunDirectoryBuilder().Accept(reasoned).Accept(RunDirectoryBuilder.Sample("p1", "Q?", "A.", "d2")).Write(RunDirectoryBuilder.NewDirectory());
        var output = NewOut();

        await new DatasetExporter(new ExportOptions { Format = ExportFormat.Messages }).ExportAsync(dir, output);

        QuickstartRun.Lines(Path.Combine(output, "train.jsonl")).Select(l => l["messages"]!.ToJsonString()).Should().Equal(
            """[{"role":"user","content":"Why is the sky blue?"},{"role":"assistant","content":"Rayleigh scattering.","reasoning_content":"Short wavelengths scatter more {1/l^4}."}]""",
            """[{"role":"user","content":"Q?"},{"role":"assistant","content":"A."}]""");
    }

    [Fact]
    public async Task ExportAsync_WhereMinScoreAndLimit_KeepsTheFirstMatchingSamplesOnly()
    {
        var output = NewOut();
        var options = new ExportOptions
        {
            Format = ExportFormat.Messages,
            Where = [new AttributeCondition("language", "en"), new AttributeCondition("language", "fr")],
            MinScore = [new ScoreThreshold("answerable", 3)],
            Limit = 4,
        };

        await new DatasetExporter(options).ExportAsync(run.RunDirectory, output);

        var expected = QuickstartRun.Lines(Path.Combine(run.RunDirectory, "accepted.jsonl"))
            .Where(a => a["attributes"]!["language"]!.GetValue<string>() is "en" or "fr")
            .Where(a => a["judgements"]!.AsArray().Where(j => j!["criterion"]!.GetValue<string>() == "answerable").All(j => j!["score"]!.GetValue<double>() >= 3))
            .Take(4)
            .Select(a => a["messages"]!.ToJsonString())
            .ToList();
        expected.Should().HaveCount(4, "the quickstart has enough English and French samples scored 3 or more on answerable");
        QuickstartRun.Lines(Path.Combine(output, "train.jsonl")).Select(l => l["messages"]!.ToJsonString()).Should().Equal(expected);
    }

    [Fact]
    public async Task ExportAsync_Preference_PairsTheBestAndWorstJudgedAnswerOfEachPromptWhenTheMarginIsMet()
    {
        var scores = (double? answerable, double? helpful) => new Dictionary<string, double?> { ["answerable"] = answerable, ["helpful"] = helpful };
        var dir = new RunDirectoryBuilder()
            .Accept(RunDirectoryBuilder.Sample("a1", "Why is the sky blue?", "Rayleigh scattering.", scores: scores(5, 5)))
            .Accept(RunDirectoryBuilder.Sample("a2", "Why is the sky blue?", "Because it is.", scores: scores(3, 2)))
            .Accept(RunDirectoryBuilder.Sample("b1", "When was the tower built?", "In 1810.", "d2", scores: scores(4, 4)))
            .Accept(RunDirectoryBuilder.Sample("b2", "When was the tower built?", "Around 1800.", "d2", scores: scores(4, 3)))
            .Accept(RunDirectoryBuilder.Sample("c1", "Who built it?", "Robert Stevenson.", "d3", scores: scores(5, 4)))
            .Accept(RunDirectoryBuilder.Sample("d1", "Is it tall?", "Yes.", "d4"))
            .Reject(RunDirectoryBuilder.Sample("a3", "Why is the sky blue?", "No idea.", scores: scores(1, 1)), "judge:answerable+helpful", "answerable")
            .Write(RunDirectoryBuilder.NewDirectory());
        var output = NewOut();

        var result = await new DatasetExporter(new ExportOptions { Format = ExportFormat.Preference, MinMargin = 1 }).ExportAsync(dir, output);

        var pairs = QuickstartRun.Lines(Path.Combine(output, "train.jsonl"));
        result.Rows.Should().Be(1, "only the sky question has answers whose mean scores differ by 1 or more (b: 4 vs 3.5; c and d: one answer)");
        var pair = pairs.Single();
        pair.Select(kv => kv.Key).Should().Equal("prompt", "chosen", "rejected");
        pair["prompt"]!.ToJsonString().Should().Be("""[{"role":"user","content":"Why is the sky blue?"}]""");
        pair["chosen"]!.ToJsonString().Should().Be("""[{"role":"assistant","content":"Rayleigh scattering."}]""");
        pair["rejected"]!.ToJsonString().Should().Be("""[{"role":"assistant","content":"No idea."}]""", "the judge-rejected answer scored lowest");

        var lowMargin = NewOut();
        await new DatasetExporter(new ExportOptions { Format = ExportFormat.Preference, MinMargin = 0.5 }).ExportAsync(dir, lowMargin);
        QuickstartRun.Lines(Path.Combine(lowMargin, "train.jsonl")).Select(p => p["chosen"]![0]!["content"]!.GetValue<string>())
            .Should().Equal("Rayleigh scattering.", "In 1810.");
        File.ReadAllText(Path.Combine(lowMargin, "README.md")).Should().Contain("highest mean judge score is `chosen`");
    }

    [Fact]
    public async Task ExportAsync_PreferenceWithMinScore_AppliesTheThresholdToTheChosenAnswer()
    {
        var dir = new RunDirectoryBuilder()
            .Accept(RunDirectoryBuilder.Sample("a1", "Q1?", "good", scores: new Dictionary<string, double?> { ["answerable"] = 4 }))
            .Accept(RunDirectoryBuilder.Sample("a2", "Q1?", "bad", scores: new Dictionary<string, double?> { ["answerable"] = 1 }))
            .Accept(RunDirectoryBuilder.Sample("b1", "Q2?", "best", "d2", scores: new Dictionary<string, double?> { ["answerable"] = 5 }))
            .Accept(RunDirectoryBuilder.Sample("b2", "Q2?", "worst", "d2", scores: new Dictionary<string, double?> { ["answerable"] = 2 }))
            .Write(RunDirectoryBuilder.NewDirectory());
        var output = NewOut();

        await new DatasetExporter(new ExportOptions { Format = ExportFormat.Preference, MinScore = [new ScoreThreshold("answerable", 5)] }).ExportAsync(dir, output);

        QuickstartRun.Lines(Path.Combine(output, "train.jsonl")).Select(p => p["chosen"]![0]!["content"]!.GetValue<string>()).Should().Equal("best");
    }
}
