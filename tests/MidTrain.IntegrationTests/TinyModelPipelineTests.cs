using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// The real model path end to end: examples/backtranslation.yaml on the built-in tiny GGUF through llama.cpp with
/// grammar-constrained output, judges, the response cache and the agreement command.
/// </summary>
public sealed class TinyModelPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private static List<JsonNode> Lines(string path) => File.Exists(path) ? File.ReadLines(path).Select(l => JsonNode.Parse(l)!).ToList() : [];

    [Fact]
    public async Task BacktranslationExample_TinyModel_ParseableSamplesWithCompleteLineage_ThenCacheReplayMakesNoModelCalls()
    {
        var dir = TestPaths.NewTempDir("midtrain-tiny");
        var cache = Path.Combine(dir, "cache");
        var first = Path.Combine(dir, "first");

        var (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "run", "examples/backtranslation.yaml", "--out", first, "--limit", "8", "--cache", cache);

        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, first);
        err.Should().Contain("tiny test model").And.Contain("meaningless");
        var samples = Lines(Path.Combine(first, "accepted.jsonl")).Concat(Lines(Path.Combine(first, "rejected.jsonl"))).ToList();
        samples.Should().NotBeEmpty();
        foreach (var sample in samples)
        {
            sample["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).Should().Equal("user", "assistant");
            sample["attributes"]!.AsObject().Select(a => a.Key).Should().Contain(["language", "persona", "question_type", "difficulty", "register", "answer_mode"]);
            var lineage = sample["lineage"]!.AsArray();
            lineage.Select(l => l!["stage"]!.GetValue<string>()).Should().Equal("generate:backtranslation:question", "generate:backtranslation:answer");
            foreach (var step in lineage)
            {
                step!["model_fingerprint"]!.GetValue<string>().Should().StartWith("gguf:sha256=");
                step["prompt_sha256"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{64}$");
                step["seed"]!.GetValue<long>().Should().BeGreaterThan(0);
                step["tokens_out"]!.GetValue<long>().Should().BeGreaterThan(0);
            }

            sample["judgements"]!.AsArray().Should().HaveCount(2);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "manifest.json")))!;
        manifest["models"]!["teacher"]!["tiny_test_model"]!.GetValue<bool>().Should().BeTrue();
        manifest["models"]!["teacher"]!["requests"]!.GetValue<long>().Should().BeGreaterThan(0);
        manifest["stages"]![1]!["report"]!["samples"]!.GetValue<long>().Should().BeGreaterThan(0);

        // A second run sharing the cache replays every model call: zero calls, identical samples.
        var second = Path.Combine(dir, "second");
        var firstCode = code;
        (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "run", "examples/backtranslation.yaml", "--out", second, "--limit", "8", "--cache", cache);

        code.Should().Be(firstCode, err);
        var replay = JsonNode.Parse(File.ReadAllText(Path.Combine(second, "manifest.json")))!;
        foreach (var model in new[] { "teacher", "judge" })
        {
            replay["models"]![model]!["requests"]!.GetValue<long>().Should().Be(0, $"{model} answers come from the cache");
            replay["models"]![model]!["cache_hits"]!.GetValue<long>().Should().BeGreaterThan(0);
        }

        File.ReadLines(Path.Combine(second, "accepted.jsonl")).Order().Select(StripTimings)
            .Should().Equal(File.ReadLines(Path.Combine(first, "accepted.jsonl")).Order().Select(StripTimings));
        Lines(Path.Combine(second, "failed.jsonl")).Select(f => f["root"]!.ToJsonString()).Order()
            .Should().Equal(Lines(Path.Combine(first, "failed.jsonl")).Select(f => f["root"]!.ToJsonString()).Order(), "failures replay from the cache too");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Quickstart_TwoJudgeCriteria_ThenAgreementWithHumanLabels()
    {
        var dir = TestPaths.NewTempDir("midtrain-agree");
        var run = Path.Combine(dir, "run");
        var (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "run", "examples/quickstart.yaml", "--out", run, "--limit", "8");
        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, run);

        var judgements = File.ReadAllLines(Path.Combine(run, "judgements.jsonl"));
        var items = judgements.Select(l => JsonNode.Parse(l)!["item"]!.GetValue<string>()).Distinct().ToList();
        items.Should().HaveCountGreaterThan(3);
        judgements.Select(l => JsonNode.Parse(l)!["rater"]!.GetValue<string>()).Distinct().Should().BeEquivalentTo("judge/answerable", "judge/self_contained");

        // A human rater who labelled every other item (labels 1..5 by position), as a hand-made label file would be.
        var human = items.Where((_, i) => i % 2 == 0).Select((item, i) => new JsonObject { ["item"] = item, ["rater"] = "human", ["label"] = 1 + (i % 5) }.ToJsonString());
        var labels = Path.Combine(dir, "labels.jsonl");
        File.WriteAllLines(labels, judgements.Concat(human));

        (code, var stdout, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "agreement", "--in", labels, "--gold", "human", "--json", "--bootstrap", "50");

        code.Should().Be(0, err);
        var report = JsonNode.Parse(stdout)!;
        report["raters"]!.GetValue<int>().Should().Be(3);
        report["items"]!.GetValue<int>().Should().Be(items.Count);
        report["pairs"]!.AsArray().Should().HaveCount(3);
        report["krippendorff_alpha"]!["ordinal"].Should().NotBeNull();
        report["vs_gold"]!["raters"]!.AsArray().Should().HaveCount(2);
        Directory.Delete(dir, true);
    }

    private static string StripTimings(string line)
    {
        var node = JsonNode.Parse(line)!;
        foreach (var step in node["lineage"]!.AsArray())
        {
            step!["duration_ms"] = 0;
        }

        return node.ToJsonString();
    }
}

public sealed class TokenBudgetChunkingTests
{
    [Fact]
    public async Task Chunk_MaxTokensWithALocalTokenizer_EveryPassageWithinTheBudget()
    {
        var dir = TestPaths.NewTempDir("midtrain-tok");
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, $"""
            input: {'{'}path: {Path.Combine(TestPaths.RepoRoot, "examples", "corpus.jsonl")}{'}'}
            models:
              tok: {'{'}provider: llama, path: tiny, context: 1024, parallel: 1{'}'}
            stages:
              - chunk: {'{'}max_tokens: 40, tokenizer: tok, min_chars: 1{'}'}
            """);

        var (code, _, err) = await MidtrainCli.RunAsync(dir, TimeSpan.FromMinutes(2), "run", pipeline, "--out", Path.Combine(dir, "out"), "--limit", "6", "--cache", Path.Combine(dir, "cache"));

        code.Should().Be(0, err);
        var passages = File.ReadLines(Path.Combine(dir, "out", "accepted.jsonl")).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["text"]!.GetValue<string>()).ToList();
        passages.Should().HaveCountGreaterThan(6, "a 40-token budget splits every document");
        await using var tiny = await MidTrain.Models.ModelFactory.CreateAsync(
            new MidTrain.Models.ModelSpec { Name = "tok", Llama = new MidTrain.Models.Local.LlamaModelOptions { Path = "tiny", Context = 1024, Parallel = 1 } },
            new MidTrain.Models.ModelRuntimeOptions { ModelDirectory = Path.Combine(dir, "cache", "tiny-models") });
        var counter = (MidTrain.Core.Models.ITokenCounter)tiny.Client.GetService(typeof(MidTrain.Core.Models.ITokenCounter))!;
        passages.Select(counter.CountTokens).Should().OnlyContain(n => n <= 40);
        Directory.Delete(dir, true);
    }
}
