using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

/// <summary>The <c>filter:</c> stage kind in pipelines: documents by language, samples scrubbed of PII and decontaminated.</summary>
public sealed class FilterPipelineTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("midtrain-filter");

    public void Dispose() => Directory.Delete(_dir, true);

    private async Task<string> RunAsync(string yaml, Func<string, ConfigMapping, Microsoft.Extensions.AI.IChatClient>? models = null)
    {
        var path = Path.Combine(_dir, "p.yaml");
        File.WriteAllText(path, yaml);
        var output = Path.Combine(_dir, "out");
        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = PipelineConfigLoader.Load(path), OutputDirectory = output }, modelFactory: models).RunAsync(), TimeSpan.FromSeconds(90), "run");
        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        return output;
    }

    private static List<JsonNode> Lines(string dir, string file) => File.ReadAllLines(Path.Combine(dir, file)).Select(l => JsonNode.Parse(l)!).ToList();

    [Fact]
    public async Task Run_LanguageFilterOnDocuments_KeepsOnlyThatLanguageAndAnnotatesIt()
    {
        var corpus = Path.Combine(TestPaths.RepoRoot, "examples", "corpus.jsonl");
        var output = await RunAsync($"""
            input:
              path: {corpus}
            stages:
              - filter: language
                keep: [fr]
                languages: [en, fr, es, de, it, pt]
            """);

        var accepted = Lines(output, RunFiles.Accepted);
        var rejected = Lines(output, RunFiles.Rejected);
        var expected = File.ReadAllLines(corpus).Select(l => JsonNode.Parse(l)!).ToList();
        accepted.Select(a => a["id"]!.GetValue<string>()).Should().BeEquivalentTo(expected.Where(e => e["language"]!.GetValue<string>() == "fr").Select(e => e["id"]!.GetValue<string>()));
        accepted.Should().OnlyContain(a => a["metadata"]!["language"]!.GetValue<string>() == "fr" && a["metadata"]!["language_confidence"]!.GetValue<double>() >= 0.8);
        rejected.Should().HaveCount(expected.Count - accepted.Count).And.OnlyContain(r => r["rejection"]!["by"]!.GetValue<string>() == "language");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, RunFiles.Manifest)))!["stages"]![0]!["report"]!;
        report["name"]!.GetValue<string>().Should().Be("language");
        report["parameters"]!["keep"]![0]!.GetValue<string>().Should().Be("fr");
    }

    [Fact]
    public async Task Run_PiiAndDecontaminationOnSamples_RedactsRejectsAndRecordsLineage()
    {
        File.WriteAllLines(Path.Combine(_dir, "corpus.jsonl"), Enumerable.Range(0, 6).Select(i => JsonSerializer.Serialize(new { id = $"d{i}", text = $"Document {i} is long enough to become one passage for the teacher to ask about, number {i}." })));
        File.WriteAllText(Path.Combine(_dir, "bench.jsonl"), JsonSerializer.Serialize(new { id = "leak-1", question = "What is the capital city of the small island nation described in document three of the set?" }) + "\n");
        var output = await RunAsync("""
            input:
              path: corpus.jsonl
            models:
              teacher: {provider: openai, endpoint: 'http://127.0.0.1:1/v1', model: m}
            stages:
              - chunk: {max_chars: 400, min_chars: 10}
              - generate: backtranslation
                model: teacher
                per_passage: 1
                dedup: false
              - filter: pii
                check: [user]
              - filter: decontaminate
                against: [bench.jsonl]
                n: 8
            """, (name, _) => new ScriptedChatClient((messages, _, _) =>
        {
            var prompt = messages[^1].Text;
            var doc = prompt[(prompt.IndexOf("Document ", StringComparison.Ordinal) + 9)..][0];
            var question = doc == '3'
                ? "What is the capital city of the small island nation described in document three of the set?"
                : $"Please write to jane.doe{doc}@example.org about document {doc}, or call +44 20 7946 0958.";
            return JsonSerializer.Serialize(new { question });
        })
        { Identity = new ModelIdentity(name, "m", "test", "openai") });

        var accepted = Lines(output, RunFiles.Accepted);
        var rejected = Lines(output, RunFiles.Rejected);
        accepted.Should().HaveCount(5);
        accepted.Should().OnlyContain(a => a["messages"]![0]!["content"]!.GetValue<string>().Contains("<EMAIL>", StringComparison.Ordinal)
            && a["messages"]![0]!["content"]!.GetValue<string>().Contains("<PHONE>", StringComparison.Ordinal)
            && !a["messages"]![0]!["content"]!.GetValue<string>().Contains("example.org", StringComparison.Ordinal));
        accepted[0]["lineage"]!.AsArray().Select(l => l!["component"]?.GetValue<string>()).Should().Contain(c => c != null && c.StartsWith("pii@", StringComparison.Ordinal));
        var leak = rejected.Should().ContainSingle().Subject;
        leak["rejection"]!["by"]!.GetValue<string>().Should().Be("decontaminate");
        leak["rejection"]!["evidence"]!.ToJsonString().Should().Contain("leak-1").And.Contain("bench.jsonl");
    }
}
