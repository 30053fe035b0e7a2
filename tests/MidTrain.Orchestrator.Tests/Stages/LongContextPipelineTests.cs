using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

public sealed partial class LongContextPipelineTests
{
    private const string Stages = """
          - assemble: random
            target_chars: 12000
          - generate: long_context
            model: teacher
            per_context: 4
            evidence_chars: 300
            concurrency: 3
          - verify: citation
        """;

    private static (string Dir, PipelineConfig Config) Setup(string stages)
    {
        var dir = TestPaths.NewTempDir("midtrain-longctx");
        var random = new Random(4);
        var lines = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var text = new StringBuilder();
            for (var s = 0; s < random.Next(8, 25); s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Station {i} logged reading {s} of {random.Next(100, 999)} units in {1800 + random.Next(200)}. ");
            }

            lines.Add(JsonSerializer.Serialize(new { id = $"st{i:D3}", text = text.ToString().Trim(), language = "en" }));
        }

        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), lines);
        var path = Path.Combine(dir, "p.yaml");
        File.WriteAllText(path, $"""
            name: long-context
            seed: 11
            input:
              path: corpus.jsonl
            models:
              teacher:
                provider: openai
                endpoint: http://127.0.0.1:1/v1
                model: fake
            stages:
            {stages}
            """);
        return (dir, PipelineConfigLoader.Load(path));
    }

    /// <summary>Quotes the first sentence of each passage shown; <paramref name="reverse"/> gives them in reverse order (wrong documents).</summary>
    private static Func<string, ConfigMapping, Microsoft.Extensions.AI.IChatClient> Fake(bool reverse = false) => (name, _) => new ScriptedChatClient((messages, options, _) =>
    {
        var passages = PassagePattern().Matches(messages[^1].Text);
        var quotes = passages.Select(m => m.Groups["text"].Value.Split(". ")[0].TrimEnd('.') + ".").ToList();
        if (reverse)
        {
            quotes.Reverse();
        }

        var question = $"Which logs state that {string.Join(" and that ", quotes.Select(q => q.TrimEnd('.')))}?";
        return JsonSerializer.Serialize(new { question, answer = "The readings quoted below.", evidence = quotes });
    })
    {
        Identity = new ModelIdentity(name, "fake", "endpoint=http://127.0.0.1:1/v1;model=fake", "openai"),
    };

    private static List<JsonNode> Lines(string runDir, string file) =>
        File.Exists(Path.Combine(runDir, file)) ? File.ReadAllLines(Path.Combine(runDir, file)).Select(l => JsonNode.Parse(l)!).ToList() : [];

    [Fact]
    public async Task Run_AssembleGenerateVerify_SamplesPassTheCitationCheckAndTheReportHasLongContextFigures()
    {
        var (dir, config) = Setup(Stages);
        var runDir = Path.Combine(dir, "out");

        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }, modelFactory: Fake()).RunAsync(), TimeSpan.FromSeconds(60), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var accepted = Lines(runDir, RunFiles.Accepted);
        accepted.Should().NotBeEmpty();
        var groups = Lines(runDir, RunFiles.Journal).Where(j => j["groups"] is not null).SelectMany(j => j["groups"]!.AsArray().Select(g => g!.GetValue<string>())).ToHashSet();
        foreach (var sample in accepted)
        {
            sample["verdicts"]![0]!["outcome"]!.GetValue<string>().Should().Be("pass");
            groups.Should().Contain(sample["source"]!["doc_id"]!.GetValue<string>(), "a sample belongs to its context's group");
            sample["source"]!["text"].Should().BeNull("the context is in the user turn, not repeated");
            var user = sample["messages"]![0]!["content"]!.GetValue<string>();
            var context = sample["fields"]!["context"]!;
            user.Length.Should().BeGreaterThan(context["chars"]!.GetValue<int>());
        }

        Lines(runDir, RunFiles.Rejected).Should().OnlyContain(r => r["rejection"]!["by"]!.GetValue<string>() == "near_duplicate" || r["rejection"]!["by"]!.GetValue<string>() == "assemble");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, RunFiles.Manifest)))!;
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(60);
        var report = manifest["stages"]![1]!["report"]!;
        report["contexts"]!.GetValue<long>().Should().Be(manifest["stages"]![0]!["report"]!["contexts"]!.GetValue<long>());
        var longContext = report["long_context"]!;
        longContext["context_length_unit"]!.GetValue<string>().Should().Be("chars");
        longContext["context_length_histogram"]!.AsArray().Sum(b => b!["contexts"]!.GetValue<long>()).Should().Be(report["contexts"]!.GetValue<long>());
        var evidence = longContext["evidence_depth_histogram"]!.AsObject().Sum(d => d.Value!.GetValue<long>());
        evidence.Should().Be((long)Math.Round(longContext["evidence_per_sample"]!.GetValue<double>() * longContext["samples"]!.GetValue<long>()));
        longContext["task_types"]!.AsObject().Select(t => t.Key).Should().BeSubsetOf(["needle", "multi_hop", "aggregate", "compare"]);
        longContext["documents_per_context"]!.AsObject().Should().NotBeEmpty();
        report["attributes"]!["task_type"]!.AsObject().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Run_QuotesGivenToTheWrongDocuments_MultiDocumentSamplesAreRejectedByTheCitationCheck()
    {
        var (dir, config) = Setup(Stages);
        var runDir = Path.Combine(dir, "out");

        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }, modelFactory: Fake(reverse: true)).RunAsync(), TimeSpan.FromSeconds(60), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var rejected = Lines(runDir, RunFiles.Rejected).Where(r => r["rejection"]!["by"]!.GetValue<string>() == "citation").ToList();
        rejected.Should().NotBeEmpty();
        rejected.Should().OnlyContain(r => r["attributes"]!["task_type"]!.GetValue<string>() != "needle", "one quote cannot be swapped");
        Lines(runDir, RunFiles.Accepted).Should().OnlyContain(a => a["attributes"]!["task_type"]!.GetValue<string>() == "needle");
    }

    [GeneratedRegex("Passage \\d+ \\(Document \\d+\\):\\n\"\"\"\\n(?<text>.*?)\\n\"\"\"", RegexOptions.Singleline)]
    private static partial Regex PassagePattern();
}
