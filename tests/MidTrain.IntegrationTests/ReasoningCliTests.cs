using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// Reasoning teachers through the real CLI: a scripted OpenAI-compatible server answers each document with another
/// reply shape (inline trace, reasoning_content, braces in the trace, an unterminated trace at the token limit), and
/// examples/reasoning.yaml runs on the tiny model.
/// </summary>
public sealed class ReasoningCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private static List<JsonNode> Lines(string path) => File.Exists(path) ? File.ReadLines(path).Select(l => JsonNode.Parse(l)!).ToList() : [];

    private static string Answer(string question) => JsonSerializer.Serialize(new { question, answer = "It was built in 1810.", evidence = new[] { "It was built in 1810." } });

    /// <summary>The reply for a prompt: which case depends on the document named in it.</summary>
    private static ScriptedCompletion Reply(string prompt, long seed) =>
        prompt.Contains("Case inline", StringComparison.Ordinal) ? new($"<think>\nThe passage says 1810.\n</think>\n\n{Answer("When was the inline tower built?")}")
        : prompt.Contains("Case separate", StringComparison.Ordinal) ? new(Answer("When was the separate tower built?"), "The passage says 1810.")
        : prompt.Contains("Case braces", StringComparison.Ordinal) ? new($"<think>Schema {{question, answer}}; draft {{\"question\": \"x\"}}?</think>{Answer("When was the braces tower built?")}")
        : prompt.Contains("Case opened", StringComparison.Ordinal) ? new($"Opened by the template {{x}}.\n</think>\n{Answer("When was the opened tower built?")}")
        : prompt.Contains("Case truncated", StringComparison.Ordinal) ? new("<think>I keep going {and going", FinishReason: "length")
        : new(Answer("When was the plain tower built?"));

    [Fact]
    public async Task Run_ScriptedReasoningServer_EveryReplyShapeParsedOrFailedAsReasoningTruncated()
    {
        await using var server = new ScriptedOpenAiServer(Reply, TimeSpan.Zero);
        var dir = TestPaths.NewTempDir("midtrain-reasoning-cli");
        string[] cases = ["inline", "separate", "braces", "opened", "truncated", "plain"];
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), cases.Select(c => JsonSerializer.Serialize(new
        {
            id = c,
            text = $"Case {c}. The tower was built in 1810 on a reef, and keepers lived in it for many years after that.",
        })));
        File.WriteAllText(Path.Combine(dir, "p.yaml"), $$"""
            name: reasoning-cli
            seed: 1
            input:
              path: corpus.jsonl
            models:
              teacher: {provider: openai, endpoint: '{{server.Endpoint}}', model: r1, max_retries: 0}
            stages:
              - chunk: {max_chars: 400, min_chars: 20}
              - generate: teacher
                model: teacher
                dedup: false
                reasoning: separate
              - verify: reasoning_format
                require_trace: false
            """);
        var run = Path.Combine(dir, "out");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", "p.yaml", "--out", run);

        code.Should().Be(1, "one record failed: " + err);
        var accepted = Lines(Path.Combine(run, "accepted.jsonl")).ToDictionary(s => s["source"]!["doc_id"]!.GetValue<string>());
        accepted.Keys.Should().BeEquivalentTo(["inline", "separate", "braces", "opened", "plain"]);
        foreach (var (id, sample) in accepted)
        {
            var answer = sample["messages"]![1]!;
            answer["content"]!.GetValue<string>().Should().Be("It was built in 1810.", id);
            sample["messages"]![0]!["content"]!.GetValue<string>().Should().Be($"When was the {id} tower built?", "the question came from the JSON after the trace");
        }

        accepted["inline"]["messages"]![1]!["reasoning_content"]!.GetValue<string>().Should().Be("The passage says 1810.");
        accepted["separate"]["messages"]![1]!["reasoning_content"]!.GetValue<string>().Should().Be("The passage says 1810.");
        accepted["braces"]["messages"]![1]!["reasoning_content"]!.GetValue<string>().Should().Be("Schema {question, answer}; draft {\"question\": \"x\"}?");
        accepted["opened"]["messages"]![1]!["reasoning_content"]!.GetValue<string>().Should().Be("Opened by the template {x}.");
        accepted["plain"]["messages"]![1]!["reasoning_content"].Should().BeNull();
        accepted["inline"]["lineage"]![0]!["reasoning_tokens"]!.GetValue<long>().Should().BeGreaterThan(0);

        var failure = Lines(Path.Combine(run, "failed.jsonl")).Single();
        failure["kind"]!.GetValue<string>().Should().Be("reasoning_truncated");
        failure["raw"]!.GetValue<string>().Should().Be("I keep going {and going");
        server.Requests.Should().Be(cases.Length, "a truncated trace is not retried");

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!;
        manifest["models"]!["teacher"]!["reasoning_tokens"]!.GetValue<long>().Should().BeGreaterThan(0);
        var report = manifest["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "generate:teacher")!["report"]!["reasoning"]!;
        report["samples_with_trace"]!.GetValue<long>().Should().Be(4);
        report["truncated"]!.GetValue<long>().Should().Be(1);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReasoningExample_TinyModel_TracesKeptCuratedAndJudged()
    {
        var dir = TestPaths.NewTempDir("midtrain-reasoning-example");
        var run = Path.Combine(dir, "run");

        var (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "run", "examples/reasoning.yaml", "--out", run, "--limit", "6");

        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, run);
        var accepted = Lines(Path.Combine(run, "accepted.jsonl"));
        var rejected = Lines(Path.Combine(run, "rejected.jsonl"));
        var samples = accepted.Concat(rejected).ToList();
        samples.Should().NotBeEmpty();
        string[] curation = ["reasoning_format", "reasoning_length", "reasoning_repetition", "reasoning_language"];
        foreach (var sample in samples)
        {
            var answer = sample["messages"]![1]!;
            answer["reasoning_content"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace("the tiny model's grammar makes it write a trace");
            answer["content"]!.GetValue<string>().Should().NotContain("<think>");
            sample["verdicts"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Should().BeSubsetOf(curation);
        }

        accepted.Should().OnlyContain(s => s["verdicts"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).SequenceEqual(curation));
        rejected.Select(r => r["rejection"]!["by"]!.GetValue<string>()).Should().BeSubsetOf([.. curation, "faithful"]);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!;
        manifest["models"]!["teacher"]!["reasoning_tokens"]!.GetValue<long>().Should().BeGreaterThan(0);
        manifest["models"]!["judge"]!["reasoning_tokens"]!.GetValue<long>().Should().Be(0);
        var generate = manifest["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "generate:teacher")!;
        generate["report"]!["reasoning"]!["samples_with_trace"]!.GetValue<long>().Should().Be(samples.Count);
        Directory.Delete(dir, true);
    }
}
