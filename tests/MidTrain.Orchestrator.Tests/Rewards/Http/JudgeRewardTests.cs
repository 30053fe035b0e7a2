using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Orchestrator.Rewards.Http;

namespace MidTrain.Orchestrator.Tests.Rewards.Http;

/// <summary>
/// <c>kind: judge</c> over HTTP with a <see cref="ScriptedChatClient"/> (a hand-written fake judge model; the tiny GGUF's
/// replies are random), plus what a slow judge shows of the hosting: 429 + Retry-After when the queue is full, 504
/// past the request timeout, and the bearer key.
/// </summary>
public sealed class JudgeRewardTests
{
    private const string Config = """
        run_code: false
        seed: 7
        models:
          judge: {provider: llama, path: tiny}
        rewards:
          style:
            kind: judge
            model: judge
            criterion: instruction_following
            max_attempts: 2
            invalid_score: -1
        """;

    [Fact]
    public async Task Judge_ValidReply_ScoreNormalisedToZeroOne()
    {
        var judge = new ScriptedChatClient((messages, _, _) => """{"rationale": "meets both requirements", "score": 4}""");
        await using var h = await RewardHarness.StartAsync(Config, models: (_, _) => judge);
        var answer = await h.OkAsync(RewardHandler.Route, """{"reward": "style", "solution": "Three short bullet points follow.", "extra_info": {"question": "List three points in bullets."}}""");
        answer["score"]!.GetValue<double>().Should().Be(0.75, "(4 - 1) / (5 - 1)");
        answer["outcome"]!.GetValue<string>().Should().Be("pass");
        answer["judgement"]!["score"]!.GetValue<double>().Should().Be(4);
        answer["judgement"]!["criterion"]!.GetValue<string>().Should().Be("instruction_following");
        answer["judgement"]!["rationale"]!.GetValue<string>().Should().Be("meets both requirements");

        var prompt = string.Join("\n", judge.Calls.Single().Messages.Select(m => m.Text));
        prompt.Should().Contain("List three points in bullets.").And.Contain("Three short bullet points follow.");
        judge.Calls.Single().Options!.Seed.Should().Be(7, "the file's seed");
    }

    [Fact]
    public async Task Judge_UnusableReplies_InvalidScoreWithTheReason()
    {
        var judge = new ScriptedChatClient((_, _, _) => "I refuse to use JSON.");
        await using var h = await RewardHarness.StartAsync(Config, models: (_, _) => judge);
        var answer = await h.OkAsync(RewardHandler.Route, """{"reward": "style", "solution": "x", "prompt": "Say x."}""");
        answer["score"]!.GetValue<double>().Should().Be(-1);
        answer["outcome"]!.GetValue<string>().Should().Be("invalid");
        answer["reason"]!.GetValue<string>().Should().Contain("after 2 attempts");
        answer["judgement"]!["raw"]!.GetValue<string>().Should().Be("I refuse to use JSON.");
        judge.CallCount.Should().Be(2, "max_attempts: 2");
    }

    [Fact]
    public async Task Judge_MissingQuestion_InvalidWithoutCallingTheModel()
    {
        var judge = new ScriptedChatClient((_, _, _) => """{"rationale": "r", "score": 5}""");
        await using var h = await RewardHarness.StartAsync(Config, models: (_, _) => judge);
        var answer = await h.OkAsync(RewardHandler.Route, """{"reward": "style", "solution": "x"}""");
        answer["outcome"]!.GetValue<string>().Should().Be("invalid");
        answer["reason"]!.GetValue<string>().Should().Contain("question");
        judge.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task QueueFull_429WithRetryAfter()
    {
        var judge = new HeldJudgeClient();
        await using var h = await RewardHarness.StartAsync(Config, new RewardServerOptions { Port = 0, Parallel = 1, MaxQueue = 0, RetryAfter = TimeSpan.FromSeconds(3) }, (_, _) => judge);
        const string body = """{"reward": "style", "solution": "x", "prompt": "Say x."}""";
        var first = h.PostAsync(RewardHandler.Route, body);
        await Deadline.Until(() => judge.Started == 1, TimeSpan.FromSeconds(30));
        judge.Started.Should().Be(1);

        var (status, error, response) = await h.PostAsync(RewardHandler.Route, body);
        status.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3));
        error!["error"]!["code"]!.GetValue<string>().Should().Be("rate_limit_exceeded");

        judge.Release();
        var (firstStatus, firstBody, _) = await Deadline.Within(first, TimeSpan.FromSeconds(30), "the held request");
        firstStatus.Should().Be(HttpStatusCode.OK);
        firstBody!["score"]!.GetValue<double>().Should().Be(1);
        (await h.OkAsync(RewardHandler.Route, body))["score"]!.GetValue<double>().Should().Be(1, "the slot is free again");
    }

    [Fact]
    public async Task SlowJudge_504PastTheRequestTimeoutAndTheCallIsCancelled()
    {
        var judge = new HeldJudgeClient();
        await using var h = await RewardHarness.StartAsync(Config, new RewardServerOptions { Port = 0, RequestTimeout = TimeSpan.FromSeconds(1) }, (_, _) => judge);
        var (status, body, _) = await Deadline.Within(h.PostAsync(RewardHandler.Route, """{"batch": [{"reward": "style", "solution": "x", "prompt": "Say x."}, {"reward": "style", "solution": "y", "prompt": "Say y."}]}"""), TimeSpan.FromSeconds(60), "the timed-out request");
        status.Should().Be(HttpStatusCode.GatewayTimeout);
        body!["error"]!["code"]!.GetValue<string>().Should().Be("timeout");
        await Deadline.Until(() => judge.Cancelled == 2, TimeSpan.FromSeconds(10));
        judge.Cancelled.Should().Be(2, "the judge calls of the batch are cancelled with the request");
    }

    [Fact]
    public async Task ApiKey_RequiredOnEveryRouteButHealth()
    {
        var judge = new ScriptedChatClient((_, _, _) => """{"rationale": "r", "score": 5}""");
        await using var h = await RewardHarness.StartAsync(Config, new RewardServerOptions { Port = 0, ApiKey = "sk-reward-test" }, (_, _) => judge);
        const string body = """{"reward": "style", "solution": "x", "prompt": "Say x."}""";
        var (status, error, response) = await h.PostAsync(RewardHandler.Route, body);
        status.Should().Be(HttpStatusCode.Unauthorized);
        error!["error"]!["code"]!.GetValue<string>().Should().Be("invalid_api_key");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        (await h.Http.GetAsync("health")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await h.Http.GetAsync("metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        h.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-reward-test");
        (await h.OkAsync(RewardHandler.Route, body))["score"]!.GetValue<double>().Should().Be(1);
        judge.CallCount.Should().Be(1, "the refused request never reached the judge");
    }

    [Fact]
    public async Task StopAsync_RequestInFlightFinishesWithinTheGrace()
    {
        var judge = new HeldJudgeClient();
        await using var h = await RewardHarness.StartAsync(Config, new RewardServerOptions { Port = 0, ShutdownTimeout = TimeSpan.FromSeconds(30) }, (_, _) => judge);
        const string body = """{"reward": "style", "solution": "x", "prompt": "Say x."}""";
        var first = h.PostAsync(RewardHandler.Route, body);
        await Deadline.Until(() => judge.Started == 1, TimeSpan.FromSeconds(30));
        var stopping = h.Server.StopAsync();
        judge.Release();
        var (status, answer, _) = await Deadline.Within(first, TimeSpan.FromSeconds(30), "the request in flight");
        status.Should().Be(HttpStatusCode.OK, "a request in flight finishes during the grace period");
        answer!["score"]!.GetValue<double>().Should().Be(1);
        await Deadline.Within(stopping, TimeSpan.FromSeconds(30), "the stop");
    }
}
