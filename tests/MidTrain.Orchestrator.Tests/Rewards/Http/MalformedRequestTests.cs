using System.Net;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Rewards.Http;

namespace MidTrain.Orchestrator.Tests.Rewards.Http;

/// <summary>Malformed bodies are 400s whose error object names the field (<c>param</c>), never a silent 0.</summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private const string Config = """
        run_code: false
        rewards:
          gsm8k: {kind: math, data_sources: [openai/gsm8k]}
          cited: {kind: citation}
        """;

    private RewardHarness _h = null!;

    public async Task InitializeAsync() => _h = await RewardHarness.StartAsync(Config, new RewardServerOptions { Port = 0, MaxBatch = 3 });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("""{"ground_truth": "1", "reward": "gsm8k"}""", "solution", "missing_required_parameter")]
    [InlineData("""{"solution": 42, "reward": "gsm8k", "ground_truth": "1"}""", "solution", "invalid_type")]
    [InlineData("""{"solution": "1", "solution_str": "1", "reward": "gsm8k", "ground_truth": "1"}""", "solution_str", "invalid_value")]
    [InlineData("""{"solution": "1", "reward": "gsm8k"}""", "ground_truth", "missing_required_parameter")]
    [InlineData("""{"solution": "1", "reward": "gsm8k", "ground_truth": null}""", "ground_truth", "missing_required_parameter")]
    [InlineData("""{"solution": "1", "reward": "gsm8k", "ground_truth": "1", "extra_info": [1]}""", "extra_info", "invalid_type")]
    [InlineData("""{"solution": "1", "reward": "nope", "ground_truth": "1"}""", "reward", "reward_not_found")]
    [InlineData("""{"solution": "1", "data_source": "lighteval/MATH", "ground_truth": "1"}""", "data_source", "invalid_value")]
    [InlineData("""{"solution": "1", "ground_truth": "1"}""", "data_source", "invalid_value")]
    [InlineData("""{"solution": "1", "data_source": 7, "ground_truth": "1"}""", "data_source", "invalid_type")]
    [InlineData("""{"solution": "1", "reward": "gsm8k", "ground_truth": "1", "groundtruth": "1"}""", "groundtruth", "unknown_parameter")]
    [InlineData("""{"batch": {"solution": "1"}}""", "batch", "invalid_type")]
    [InlineData("""{"batch": []}""", "batch", "empty_array")]
    [InlineData("""{"batch": [{}, {}, {}, {}]}""", "batch", "array_above_max_length")]
    [InlineData("""{"batch": [{"solution": "1", "reward": "gsm8k", "ground_truth": "1"}, "x"]}""", "batch[1]", "invalid_type")]
    [InlineData("""{"batch": [{"solution": "1", "reward": "gsm8k", "ground_truth": "1"}, {"reward": "gsm8k", "ground_truth": "1"}]}""", "batch[1].solution", "missing_required_parameter")]
    [InlineData("""{"batch": [{"solution": "1", "reward": "gsm8k", "ground_truth": "1"}, {"solution": "1", "data_source": "openai/gsm8k"}]}""", "batch[1].ground_truth", "missing_required_parameter")]
    [InlineData("""{"batch": [{"solution": "1", "reward": "gsm8k", "ground_truth": "1"}], "reward": "gsm8k"}""", "reward", "unknown_parameter")]
    public async Task Reward_MalformedItem_400NamingTheField(string body, string param, string code)
    {
        var error = await _h.BadRequestAsync(RewardHandler.Route, body);
        error["param"]!.GetValue<string>().Should().Be(param);
        error["code"]!.GetValue<string>().Should().Be(code);
        error["message"]!.GetValue<string>().Should().Contain(param.Split('.')[^1].Split('[')[0]);
        error["type"]!.GetValue<string>().Should().Be("invalid_request_error");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public async Task Reward_NotAJsonObject_400InvalidJson(string body)
    {
        var error = await _h.BadRequestAsync(RewardHandler.Route, body);
        error["code"]!.GetValue<string>().Should().Be("invalid_json");
    }

    [Theory]
    [InlineData("""{"prompts": ["a"]}""", "query", "missing_required_parameter")]
    [InlineData("""{"query": "a b"}""", "query", "invalid_type")]
    [InlineData("""{"query": []}""", "query", "empty_array")]
    [InlineData("""{"query": ["a", 3]}""", "query[1]", "invalid_type")]
    [InlineData("""{"query": ["a", "b"], "prompts": ["a"], "labels": ["1", "2"]}""", "prompts", "invalid_value")]
    [InlineData("""{"query": ["a", "b"], "labels": "1"}""", "labels", "invalid_type")]
    [InlineData("""{"query": ["a", "b"], "labels": ["1"]}""", "labels", "invalid_value")]
    [InlineData("""{"query": ["a"]}""", "reward", "missing_required_parameter")]
    public async Task OpenRlhf_MalformedBody_400NamingTheField(string body, string param, string code)
    {
        var error = await _h.BadRequestAsync(RewardHandler.OpenRlhfRoute + "?reward=gsm8k", body);
        if (param == "reward")
        {
            error = await _h.BadRequestAsync(RewardHandler.OpenRlhfRoute, body);
        }

        error["param"]!.GetValue<string>().Should().Be(param);
        error["code"]!.GetValue<string>().Should().Be(code);
    }

    [Fact]
    public async Task OpenRlhf_MathWithoutLabels_400NamingLabels()
    {
        var error = await _h.BadRequestAsync(RewardHandler.OpenRlhfRoute + "?reward=gsm8k", """{"query": ["q a"], "prompts": ["q"]}""");
        error["param"]!.GetValue<string>().Should().Be("labels");
    }

    [Fact]
    public async Task WrongMethodAndUnknownRoute_ErrorObjects()
    {
        var get = await _h.Http.GetAsync(RewardHandler.Route.TrimStart('/'));
        get.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        JsonNode.Parse(await get.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().Should().Be("method_not_allowed");
        var (status, body, _) = await _h.PostAsync("v1/rewardz", "{}");
        status.Should().Be(HttpStatusCode.NotFound);
        body!["error"]!["code"]!.GetValue<string>().Should().Be("not_found");
    }
}
