using System.Net;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Rewards.Http;

namespace MidTrain.Orchestrator.Tests.Rewards.Http;

/// <summary><c>POST /v1/reward</c> over loopback HTTP: each CPU-side reward kind, batches, routing and the details returned for logging.</summary>
public sealed class RewardEndpointTests
{
    private const string Config = """
        run_code: false
        default: gsm8k
        rewards:
          gsm8k:
            kind: math
            data_sources: [openai/gsm8k]
            format_penalty: 0.25
          strict_math:
            kind: math
            max_steps: 1000
            invalid_score: -2
          cited:
            kind: citation
          mix:
            kind: combine
            parts:
              - {reward: gsm8k, weight: 0.7}
              - {reward: cited, weight: 0.3}
        """;

    [Fact]
    public async Task Math_OneItem_ScoreOneWithTheVerdict()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var answer = await h.OkAsync(RewardHandler.Route, """{"data_source": "openai/gsm8k", "solution": "Half of 8 is 4, so the answer is \\boxed{\\frac{8}{2}}.", "ground_truth": "4", "extra_info": {"split": "test"}}""");
        answer["score"]!.GetValue<double>().Should().Be(1);
        answer["reward"]!.GetValue<string>().Should().Be("gsm8k");
        answer["kind"]!.GetValue<string>().Should().Be("math");
        answer["outcome"]!.GetValue<string>().Should().Be("pass");
        answer["verdict"]!["prediction_extracted"]!.GetValue<string>().Should().Be("\\frac{8}{2}");
        answer["verdict"]!["gold_extracted"]!.GetValue<string>().Should().Be("4");
    }

    [Fact]
    public async Task Math_Batch_ScoresInItemOrderWithWhyZero()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var items = new JsonArray();
        var expected = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            // A pass, a wrong answer, a solution without an answer: in a fixed rotation.
            var (solution, score) = (i % 3) switch
            {
                0 => ($"The result is {i * 2}.", 1.0),
                1 => ($"The result is {i * 2 + 1}.", 0.0),
                _ => ("I am not sure.", -0.25),
            };
            items.Add(new JsonObject { ["data_source"] = "openai/gsm8k", ["solution"] = solution, ["ground_truth"] = (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            expected.Add(score);
        }

        var answer = await h.OkAsync(RewardHandler.Route, new JsonObject { ["batch"] = items }.ToJsonString());
        answer["scores"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(expected);
        var results = answer["results"]!.AsArray();
        results.Should().HaveCount(40);
        results[1]!["outcome"]!.GetValue<string>().Should().Be("fail");
        results[1]!["reason"]!.GetValue<string>().Should().Be("answers differ");
        results[2]!["outcome"]!.GetValue<string>().Should().Be("invalid");
        results[2]!["reason"]!.GetValue<string>().Should().StartWith("format: no answer found");
        results[2]!["format_penalty"]!.GetValue<double>().Should().Be(0.25);
    }

    [Fact]
    public async Task Math_StepBoundExceeded_InvalidScoreNotAPenalty()
    {
        // The per-check bound of the math verifier holds over HTTP: a huge expression runs out of its 1,000 steps.
        await using var h = await RewardHarness.StartAsync(Config);
        var big = string.Join("+", Enumerable.Range(1, 400).Select(i => $"x^{i}"));
        var answer = await h.OkAsync(RewardHandler.Route, new JsonObject { ["reward"] = "strict_math", ["solution"] = $"\\boxed{{{big}}}", ["ground_truth"] = big }.ToJsonString());
        answer["outcome"]!.GetValue<string>().Should().Be("invalid");
        answer["reason"]!.GetValue<string>().Should().Contain("budget");
        answer["score"]!.GetValue<double>().Should().Be(-2, "invalid_score, not the format penalty: the solution had an answer");
    }

    [Fact]
    public async Task Citation_QuotesAgainstExtraInfoSources_ShareSupported()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var item = new JsonObject
        {
            ["reward"] = "cited",
            ["solution"] = "The report says \"the river flooded the lower town in 1921\" [a] and that \"about 340 houses were lost\" [a].",
            ["extra_info"] = new JsonObject
            {
                ["sources"] = new JsonObject { ["a"] = "In spring the river flooded the lower town in 1921. About 300 houses were lost and the bridge fell." },
            },
        };
        var answer = await h.OkAsync(RewardHandler.Route, item.ToJsonString());
        answer["kind"]!.GetValue<string>().Should().Be("citation");
        answer["outcome"]!.GetValue<string>().Should().Be("fail", "340 is not what the source says");
        answer["score"]!.GetValue<double>().Should().Be(0.5);
        answer["verdict"]!["quotes"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Combine_WeightedSumOfTheParts()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var item = new JsonObject
        {
            ["reward"] = "mix",
            ["solution"] = "As the source puts it, \"the answer is 12\" [s]. So \\boxed{12}.",
            ["ground_truth"] = "12",
            ["extra_info"] = new JsonObject { ["sources"] = new JsonObject { ["s"] = "We computed it twice: the answer is 12." } },
        };
        var answer = await h.OkAsync(RewardHandler.Route, item.ToJsonString());
        answer["score"]!.GetValue<double>().Should().BeApproximately(1.0, 1e-12);
        var parts = answer["parts"]!.AsArray();
        parts.Select(p => (p!["reward"]!.GetValue<string>(), p["weight"]!.GetValue<double>())).Should().Equal(("gsm8k", 0.7), ("cited", 0.3));

        item["ground_truth"] = "13";
        answer = await h.OkAsync(RewardHandler.Route, item.ToJsonString());
        answer["score"]!.GetValue<double>().Should().BeApproximately(0.3, 1e-12);
        answer["outcome"]!.GetValue<string>().Should().Be("fail");
        answer["reason"]!.GetValue<string>().Should().StartWith("gsm8k: answers differ");
    }

    [Fact]
    public async Task SolutionStr_AcceptedAsVerlSpellsIt()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var answer = await h.OkAsync(RewardHandler.Route, """{"data_source": "anything", "solution_str": "#### 72", "ground_truth": "72", "extra_info": null}""");
        answer["score"]!.GetValue<double>().Should().Be(1, "an unknown data source goes to the default reward");
    }

    [Fact]
    public async Task List_TheConfiguredRewards()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var list = JsonNode.Parse(await h.Http.GetStringAsync(RewardServer.ListRoute.TrimStart('/')))!;
        list["rewards"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Should().Equal("gsm8k", "strict_math", "cited", "mix");
        list["default"]!.GetValue<string>().Should().Be("gsm8k");
        list["run_code"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Metrics_CountItemsByRewardAndOutcome()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        await h.OkAsync(RewardHandler.Route, """{"batch": [{"solution": "1", "ground_truth": "1"}, {"solution": "2", "ground_truth": "1"}, {"solution": "1", "ground_truth": "1"}]}""");
        var metrics = await h.Http.GetStringAsync("metrics");
        metrics.Should().Contain("midtrain_rewards_total{reward=\"gsm8k\",outcome=\"pass\"} 2\n")
            .And.Contain("midtrain_rewards_total{reward=\"gsm8k\",outcome=\"fail\"} 1\n")
            .And.Contain("midtrain_reward_score_sum{reward=\"gsm8k\"} 2\n")
            .And.Contain("midtrain_requests_total{route=\"/v1/reward\",status=\"200\"} 1\n");
        (await h.Http.GetAsync("health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RunCode_WithoutSandbox_503SayingWhy()
    {
        await using var h = await RewardHarness.StartAsync(Config);
        var (status, body, _) = await h.PostAsync("run_code", """{"code": "print(1)", "language": "python"}""");
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body!["error"]!["message"]!.GetValue<string>().Should().Contain("run_code is false");
    }
}
