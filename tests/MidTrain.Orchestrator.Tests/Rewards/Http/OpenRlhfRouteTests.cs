using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Rewards.Http;

namespace MidTrain.Orchestrator.Tests.Rewards.Http;

/// <summary>
/// OpenRLHF's remote reward model protocol (<c>--remote_rm_url</c>; <c>openrlhf/utils/agent.py</c> posts
/// <c>{query, prompts, labels}</c> and reads <c>rewards</c>, <c>scores</c> and <c>extra_logs</c>).
/// </summary>
public sealed class OpenRlhfRouteTests
{
    private const string Config = """
        run_code: false
        default: gsm8k
        rewards:
          gsm8k: {kind: math, format_penalty: 0.5}
          cited: {kind: citation}
        """;

    [Fact]
    public async Task GetReward_QueriesWithPromptsAndLabels_RewardsScoresAndExtraLogs()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var body = new JsonObject
        {
            // The prompt holds a number that must not be taken for the answer: the query is scored after its prompt.
            ["query"] = new JsonArray("<|user|>What is 6 x 7? Answer 99 if unsure.<|assistant|>It is \\boxed{42}.", "<|user|>What is 2+2?<|assistant|>5", "<|user|>Name it.<|assistant|>No idea"),
            ["prompts"] = new JsonArray("<|user|>What is 6 x 7? Answer 99 if unsure.<|assistant|>", "<|user|>What is 2+2?<|assistant|>", "<|user|>Name it.<|assistant|>"),
            ["labels"] = new JsonArray("42", "4", "7"),
            ["datasource"] = "ignored, as OpenRLHF's own server ignores unknown fields",
        };
        var answer = await h.OkAsync(RewardHandler.OpenRlhfRoute, body.ToJsonString());
        answer["rewards"]!.AsArray().Select(r => r!.GetValue<double>()).Should().Equal(1, 0, -0.5);
        answer["scores"]!.AsArray().Select(r => r!.GetValue<double>()).Should().Equal(1, 0, 0);
        answer["extra_logs"]!["pass"]!.AsArray().Select(r => r!.GetValue<double>()).Should().Equal(1, 0, 0);
        answer["extra_logs"]!["invalid"]!.AsArray().Select(r => r!.GetValue<double>()).Should().Equal(0, 0, 1);
        answer["results"]!.AsArray().Should().HaveCount(3);
        answer["results"]![0]!["verdict"]!["prediction_extracted"]!.GetValue<string>().Should().Be("42");
    }

    [Fact]
    public async Task GetReward_RewardChosenInTheUrl()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var body = """{"query": ["As written, \"the sky is green\" [source]."], "labels": ["The sky is blue and the sea is green."]}""";
        var answer = await h.OkAsync(RewardHandler.OpenRlhfRoute + "?reward=cited", body);
        answer["results"]![0]!["reward"]!.GetValue<string>().Should().Be("cited");
        answer["rewards"]![0]!.GetValue<double>().Should().Be(0, "the quote is not in the label, which is the source text");
        answer["results"]![0]!["outcome"]!.GetValue<string>().Should().Be("fail");
    }
}
