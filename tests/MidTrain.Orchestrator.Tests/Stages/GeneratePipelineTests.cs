using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Config;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

public sealed class GeneratePipelineTests
{
    private const string Pipeline = """
        name: bt
        seed: 5
        input:
          path: corpus.jsonl
        models:
          teacher:
            provider: openai
            endpoint: http://127.0.0.1:1/v1
            model: fake
        stages:
          - chunk: { max_chars: 400, min_chars: 20 }
          - generate: backtranslation
            model: teacher
            per_passage: 3
            languages: {en: 2, fr: 1}
            personas: [a student, a sailor]
            question_types: [why, how]
            concurrency: 4
        """;

    private static (string Dir, PipelineConfig Config) Setup(string yaml)
    {
        var dir = TestPaths.NewTempDir("midtrain-gen");
        var lines = Enumerable.Range(0, 10).Select(i => JsonSerializer.Serialize(new
        {
            id = $"doc{i}",
            text = $"Document {i} talks about lighthouse number {i}. It was built in {1800 + i}.\n\nThe second paragraph of document {i} is about its keepers and the {i * 3} storms they saw.",
            language = "en",
        }));
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), lines);
        var path = Path.Combine(dir, "p.yaml");
        File.WriteAllText(path, yaml);
        return (dir, PipelineConfigLoader.Load(path));
    }

    private static ScriptedChatClient Fake(string name, ConfigMapping definition)
    {
        var spec = MidTrain.Models.ModelSpec.Bind(name, definition);
        var model = spec.Model ?? name;
        return new ScriptedChatClient((messages, options, _) =>
        {
            var prompt = messages[^1].Text;
            if (options?.ResponseFormat is Microsoft.Extensions.AI.ChatResponseFormatJson { SchemaName: var schema } && schema is not null && !schema.StartsWith("backtranslation", StringComparison.Ordinal))
            {
                // A judge: "self_contained" passes, "answerable" gives 2 to questions ending in "question 1?".
                var low = schema.Contains("answerable", StringComparison.Ordinal) && prompt.Contains("question 1?", StringComparison.Ordinal);
                return JsonSerializer.Serialize(new { rationale = "scripted", score = low ? 2 : 5 });
            }

            var doc = prompt.Contains("Document ", StringComparison.Ordinal) ? prompt[prompt.IndexOf("Document ", StringComparison.Ordinal)..].Split(' ')[1] : "?";
            // Questions repeat across seeds for some passages so that near-duplicates occur.
            return JsonSerializer.Serialize(new { question = $"What does document {doc} say about its lighthouse, question {(options!.Seed!.Value % 2)}?" });
        }, model)
        {
            Identity = new ModelIdentity(name, model, "endpoint=http://127.0.0.1:1/v1;model=" + model, "openai"),
        };
    }

    [Fact]
    public async Task Run_ChunkAndBacktranslation_AcceptsSamplesWithLineageAndReportsGeneration()
    {
        var (dir, config) = Setup(Pipeline);
        var runDir = Path.Combine(dir, "out");
        var runner = new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }, modelFactory: Fake);

        var outcome = await Deadline.Within(runner.RunAsync(), TimeSpan.FromSeconds(30), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var accepted = File.ReadAllLines(Path.Combine(runDir, "accepted.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var rejected = File.ReadAllLines(Path.Combine(runDir, "rejected.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        (accepted.Count + rejected.Count).Should().Be(10 * 3, "one passage per document, three questions each");
        rejected.Should().NotBeEmpty().And.OnlyContain(r => r["rejection"]!["by"]!.GetValue<string>() == "near_duplicate");
        var sample = accepted[0];
        sample["messages"]!.AsArray().Should().HaveCount(2);
        sample["attributes"]!["persona"]!.GetValue<string>().Should().BeOneOf("a student", "a sailor");
        sample["lineage"]![0]!["prompt_sha256"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{64}$");
        sample["source"]!["doc_id"]!.GetValue<string>().Should().StartWith("doc");

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!;
        manifest["models"]!["teacher"]!["fingerprint"]!.GetValue<string>().Should().Contain("model=fake");
        manifest["prompts"]!["backtranslation_question"]!["sha256"]!.GetValue<string>().Should().HaveLength(64);
        var report = manifest["stages"]![1]!["report"]!;
        report["samples"]!.GetValue<long>().Should().Be(30);
        report["attributes"]!["language"]!.AsObject().Should().NotBeEmpty();
        report["near_duplicates"]!["duplicate_rate"]!.GetValue<double>().Should().BeGreaterThan(0);
        report["distinct_2"]!.GetValue<double>().Should().BeInRange(0, 1);
        manifest["stages"]![0]!["report"]!["passages"]!.GetValue<long>().Should().Be(10);
    }

    [Fact]
    public async Task Run_WithJudgeStage_RejectsNamingTheCriterionAndWritesLabels()
    {
        var (dir, config) = Setup(Pipeline + """

              - judge: [answerable, self_contained]
                model: teacher
                min_score: 4
            """);
        var runDir = Path.Combine(dir, "out");

        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }, modelFactory: Fake).RunAsync(), TimeSpan.FromSeconds(30), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var rejectedByJudge = File.ReadAllLines(Path.Combine(runDir, "rejected.jsonl")).Select(l => JsonNode.Parse(l)!)
            .Where(r => r["rejection"]!["stage"]!.GetValue<string>().StartsWith("judge", StringComparison.Ordinal)).ToList();
        rejectedByJudge.Should().NotBeEmpty().And.OnlyContain(r => r["rejection"]!["by"]!.GetValue<string>() == "answerable");
        var accepted = File.ReadAllLines(Path.Combine(runDir, "accepted.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        accepted.Should().OnlyContain(a => a["judgements"]!.AsArray().Count == 2);
        var labels = File.ReadAllLines(Path.Combine(runDir, "judgements.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var judged = File.ReadAllLines(Path.Combine(runDir, "accepted.jsonl")).Concat(File.ReadAllLines(Path.Combine(runDir, "rejected.jsonl")))
            .Count(l => JsonNode.Parse(l)!["judgements"]!.AsArray().Count > 0);
        labels.Should().HaveCount(2 * judged, "every judged sample has its labels, also one found to be a near-duplicate after judging");
        judged.Should().BeGreaterThanOrEqualTo(accepted.Count + rejectedByJudge.Count);
        labels.Select(l => l["rater"]!.GetValue<string>()).Distinct().Should().BeEquivalentTo("teacher/answerable", "teacher/self_contained");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!;
        manifest["prompts"]!.AsObject().Select(p => p.Key).Should().Contain("answerable");
    }

    [Fact]
    public async Task Run_UndefinedModel_IsAConfigErrorNamingTheKey()
    {
        var (dir, config) = Setup(Pipeline.Replace("model: teacher", "model: nope", StringComparison.Ordinal));
        var outcome = await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, "out") }, modelFactory: Fake).RunAsync();

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain("key 'stages[1].model': model 'nope' is not defined under models: (defined: teacher)");
    }

    [Fact]
    public async Task Run_ExampleDotnetPlugin_VerifiesSamplesInThePipeline()
    {
        var dll = ExamplePluginPath();
        var (dir, config) = Setup(Pipeline + $$$"""

              - verify: {plugin: dotnet, path: '{{{dll}}}', type: ExampleVerifiers.WordCountVerifier, settings: {min_words: 12, max_words: 200}}
                on_invalid: fail
            """);
        var runDir = Path.Combine(dir, "out");

        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }, modelFactory: Fake).RunAsync(), TimeSpan.FromSeconds(30), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var accepted = File.ReadAllLines(Path.Combine(runDir, "accepted.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        accepted.Should().NotBeEmpty().And.OnlyContain(a => a["verdicts"]![0]!["name"]!.GetValue<string>() == "word_count"
            && a["verdicts"]![0]!["outcome"]!.GetValue<string>() == "pass" && a["verdicts"]![0]!["score"]!.GetValue<double>() >= 12);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!;
        manifest["stages"]![2]!["name"]!.GetValue<string>().Should().Be("verify:plugin");
    }

    /// <summary>The example C# plug-in, built with the solution (examples/plugins/csharp).</summary>
    private static string ExamplePluginPath()
    {
        var bin = Path.Combine(TestPaths.RepoRoot, "examples", "plugins", "csharp", "bin");
        return new[] { "Debug", "Release" }.Select(c => Path.Combine(bin, c, "net10.0", "ExampleVerifiers.dll")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"the example plug-in is built with MidTrain.sln; not found under {bin}");
    }
}
