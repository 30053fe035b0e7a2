using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Limits;

/// <summary>
/// Usage, cost, budgets and targets through the real model stack (SK connector, resilience, usage, cache) against a
/// loopback OpenAI-compatible server: one request per record in generation and one per sample in judging.
/// </summary>
public sealed class SpendingPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static (string Dir, string Pipeline) Setup(FakeOpenAiServer server, int records, string extra)
    {
        var dir = TestPaths.NewTempDir("midtrain-spend");
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), Enumerable.Range(0, records).Select(i => JsonSerializer.Serialize(new
        {
            id = $"doc{i:D4}",
            text = $"Document {i} is about lighthouse {i}, built in {1800 + i} on a rock, and about its keepers.",
        })));
        var path = Path.Combine(dir, "p.yaml");
        File.WriteAllText(path, $$"""
            name: spend
            seed: 9
            input:
              path: corpus.jsonl
            models:
              teacher:
                provider: openai
                endpoint: {{server.Endpoint}}
                model: fake
                price: {input_per_mtok: 2.5, cached_input_per_mtok: 1.25, output_per_mtok: 10}
            stages:
              - chunk: { max_chars: 400, min_chars: 20 }
                concurrency: 1
                capacity: 1
              - generate: backtranslation
                model: teacher
                per_passage: 1
                dedup: false
                concurrency: 4
                capacity: 4
              - judge: [answerable]
                model: teacher
                concurrency: 2
                capacity: 2
            {{extra}}
            """);
        return (dir, path);
    }

    private static async Task<(RunOutcome Outcome, JsonNode Manifest)> Run(string pipeline, string runDir, bool resume = false)
    {
        var runner = new PipelineRunner(new RunRequest { Config = PipelineConfigLoader.Load(pipeline), OutputDirectory = runDir, Resume = resume });
        var outcome = await Deadline.Within(runner.RunAsync(), Timeout, "run");
        return (outcome, JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")))!);
    }

    private static double Cost(JsonNode figures) =>
        ((figures["tokens_in"]!.GetValue<long>() - figures["tokens_cached"]!.GetValue<long>()) * 2.5
         + figures["tokens_cached"]!.GetValue<long>() * 1.25
         + figures["tokens_out"]!.GetValue<long>() * 10) / 1e6;

    [Fact]
    public async Task Run_PricedModel_UsageAndCostPerModelAndStageInManifestAndCard()
    {
        await using var server = new FakeOpenAiServer { CachedPromptTokens = 8 };
        var (dir, pipeline) = Setup(server, 12, string.Empty);
        var runDir = Path.Combine(dir, "out");

        var (outcome, manifest) = await Run(pipeline, runDir);

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var teacher = manifest["models"]!["teacher"]!;
        teacher["requests"]!.GetValue<long>().Should().Be(24, "12 questions and 12 judgements");
        teacher["tokens_cached"]!.GetValue<long>().Should().Be(24 * 8);
        teacher["cost_usd"]!.GetValue<double>().Should().BeApproximately(Cost(teacher), 1e-6);
        teacher["price"]!["output_per_mtok"]!.GetValue<double>().Should().Be(10);
        var stages = teacher["stages"]!.AsObject();
        stages.Select(s => s.Key).Should().BeEquivalentTo("generate:backtranslation", "judge:answerable");
        stages.Sum(s => s.Value!["requests"]!.GetValue<long>()).Should().Be(24);
        stages.Sum(s => s.Value!["cost_usd"]!.GetValue<double>()).Should().BeApproximately(teacher["cost_usd"]!.GetValue<double>(), 1e-6);
        var usage = manifest["usage"]!;
        usage["cost_usd"]!.GetValue<double>().Should().BeApproximately(teacher["cost_usd"]!.GetValue<double>(), 1e-6);
        usage["stages"]!["judge:answerable"]!["requests"]!.GetValue<long>().Should().Be(12);

        var card = File.ReadAllText(Path.Combine(runDir, "README.md"));
        card.Should().Contain("cost (USD)").And.Contain("stage `judge:answerable`").And.Contain("model `teacher`");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_RequestBudget_DrainsWithinAnInFlightWindow_ResumeNeedsARaisedBudget_TotalsCountOnce()
    {
        await using var server = new FakeOpenAiServer { Latency = TimeSpan.FromMilliseconds(5) };
        const int records = 60;
        var (dir, pipeline) = Setup(server, records, "budget: {requests: 40}");
        var runDir = Path.Combine(dir, "out");

        var (outcome, manifest) = await Run(pipeline, runDir);

        outcome.Status.Should().Be(RunStatus.Interrupted);
        outcome.Message.Should().StartWith("budget reached: requests ");
        manifest["status"]!.GetValue<string>().Should().Be("interrupted");
        manifest["budget"]!["reached"]!.GetValue<string>().Should().Be("requests");
        var spent = manifest["usage"]!["requests"]!.GetValue<long>();
        // In flight when the budget is reached: channels and workers of chunk (1 + 1), generate (4 + 4), judge (2 + 2),
        // one record in the source's hand; each of them makes at most two requests (question, judgement).
        spent.Should().BeInRange(40, 40 + (2 * 14));
        var done = manifest["counts"]!["records_done"]!.GetValue<long>();
        done.Should().BeLessThan(records);

        // The same budget: nothing more is read.
        (outcome, manifest) = await Run(pipeline, runDir, resume: true);
        outcome.Status.Should().Be(RunStatus.Interrupted);
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(done);
        manifest["usage"]!["requests"]!.GetValue<long>().Should().Be(spent);

        // A raised budget: the run continues; budgets count across sessions, every record's requests counted once.
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("budget: {requests: 40}", "budget: {requests: 1000, usd: 5}", StringComparison.Ordinal));
        (outcome, manifest) = await Run(pipeline, runDir, resume: true);
        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(records);
        manifest["usage"]!["requests"]!.GetValue<long>().Should().Be(2 * records);
        manifest["budget"]!["spent"]!["requests"]!.GetValue<long>().Should().Be(2 * records);
        manifest["resumes"]!.GetValue<int>().Should().Be(2);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_Target_StopsOnceMet_ThenARaisedTargetResumes_AndAnUnreachableOneReportsTheCorpusRanOut()
    {
        await using var server = new FakeOpenAiServer();
        const int records = 80;
        var (dir, pipeline) = Setup(server, records, "target: {accepted: 20}");
        var runDir = Path.Combine(dir, "out");

        var (outcome, manifest) = await Run(pipeline, runDir);

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        outcome.Message.Should().StartWith("target met: ");
        var target = manifest["target"]!;
        target["met"]!.GetValue<bool>().Should().BeTrue();
        var accepted = manifest["counts"]!["accepted"]!.GetValue<long>();
        // In flight when the target is met: channels and workers of chunk (1 + 1), generate (4 + 4), judge (2 + 2) and
        // the record in the source's hand.
        accepted.Should().BeInRange(20, 20 + 15, "in-flight items finish");
        target["accepted_before_settlement"]!.GetValue<long>().Should().Be(accepted);
        target["accepted_after_settlement"]!.GetValue<long>().Should().Be(accepted);
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().BeLessThan(records);

        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("accepted: 20", "accepted: 50", StringComparison.Ordinal));
        (outcome, manifest) = await Run(pipeline, runDir, resume: true);
        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        manifest["counts"]!["accepted"]!.GetValue<long>().Should().BeInRange(50, 50 + 15);

        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("accepted: 50", "accepted: 1000", StringComparison.Ordinal));
        (outcome, manifest) = await Run(pipeline, runDir, resume: true);
        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        target = manifest["target"]!;
        target["met"]!.GetValue<bool>().Should().BeFalse();
        target["outcome"]!.GetValue<string>().Should().Be("corpus exhausted before the target");
        manifest["counts"]!["accepted"]!.GetValue<long>().Should().Be(records);
        target["yield"]!.GetValue<double>().Should().Be(1.0);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Resume_StagesChanged_IsRefusedEvenThoughBudgetsMayChange()
    {
        await using var server = new FakeOpenAiServer();
        var (dir, pipeline) = Setup(server, 40, "budget: {requests: 4}");
        var runDir = Path.Combine(dir, "out");
        (await Run(pipeline, runDir)).Outcome.Status.Should().Be(RunStatus.Interrupted);

        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("per_passage: 1", "per_passage: 2", StringComparison.Ordinal));
        var runner = new PipelineRunner(new RunRequest { Config = PipelineConfigLoader.Load(pipeline), OutputDirectory = runDir, Resume = true });
        var outcome = await runner.RunAsync();

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain("changed since the run").And.Contain("only budget: and target: may change");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_UsdBudgetWithoutAnyPrice_IsAConfigError()
    {
        await using var server = new FakeOpenAiServer();
        var (dir, pipeline) = Setup(server, 3, "budget: {usd: 1}");
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("price:", "# price:", StringComparison.Ordinal));

        var outcome = await new PipelineRunner(new RunRequest { Config = PipelineConfigLoader.Load(pipeline), OutputDirectory = Path.Combine(dir, "out") }).RunAsync();

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain("key 'budget.usd': no model has a price");
        Directory.Delete(dir, true);
    }
}
