using System.Diagnostics;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Rewards.Http;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Rewards.Http;

/// <summary>
/// The example clients (<c>examples/rewards/verl_reward.py</c>, <c>trl_reward.py</c>) run by Debian's
/// <c>/usr/bin/python3</c> in a real process against a real server, as verl and TRL would import them.
/// </summary>
public sealed class PythonClientTests
{
    private const string Python = "/usr/bin/python3";

    private const string Config = """
        run_code: false
        rewards:
          gsm8k: {kind: math, data_sources: [openai/gsm8k], format_penalty: 0.5}
          cited: {kind: citation}
          style: {kind: judge, model: judge, criterion: instruction_following}
        models:
          judge: {provider: llama, path: tiny}
        """;

    private static async Task<JsonNode> RunPythonAsync(RewardHarness h, string script, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PYTHONPATH"] = Path.Combine(TestPaths.RepoRoot, "examples", "rewards");
        info.Environment["MIDTRAIN_REWARD_URL"] = h.Server.BaseAddress.ToString();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Deadline.Within(process.WaitForExitAsync(), timeout ?? TimeSpan.FromSeconds(60), "python");
        process.ExitCode.Should().Be(0, await stderr);
        return JsonNode.Parse(await stdout)!;
    }

    [SkippableFact]
    public async Task Verl_ComputeScoreAndBatch_ScoresFromTheServer()
    {
        Skip.IfNot(File.Exists(Python), $"{Python} is not installed");
        await using var h = await RewardHarness.StartAsync(Config, models: (_, _) => new ScriptedChatClient((_, _, _) => """{"rationale": "r", "score": 5}"""));
        var scores = await RunPythonAsync(h, """
            import json, verl_reward as v
            single = [
                v.compute_score("openai/gsm8k", "so the answer is \\boxed{18}", "18"),
                v.compute_score("openai/gsm8k", "19", "18", {"split": "test", "index": 3}),
                v.compute_score("gsm8k", "I give up", "18", None),
                v.compute_score("cited", 'It says "water boils at 100 C" [s].', None, {"sources": {"s": "At sea level water boils at 100 C."}}),
            ]
            batch = v.compute_score_batch(
                data_sources=["openai/gsm8k"] * 3,
                solution_strs=["#### 3", "#### 4", "nothing"],
                ground_truths=["3", "3", "3"],
                extra_infos=[{"i": 0}, None, {"i": 2}])
            print(json.dumps({"single": single, "batch": batch}))
            """);
        scores["single"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(1, 0, -0.5, 1);
        scores["batch"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(1, 0, -0.5);
    }

    [SkippableFact]
    public async Task Verl_BusyServer_RetriedAfterRetryAfter()
    {
        Skip.IfNot(File.Exists(Python), $"{Python} is not installed");
        var judge = new HeldJudgeClient();
        await using var h = await RewardHarness.StartAsync(Config, new RewardServerOptions { Port = 0, Parallel = 1, MaxQueue = 0 }, (_, _) => judge);
        var held = h.PostAsync(RewardHandler.Route, """{"reward": "style", "solution": "x", "prompt": "Say x."}""");
        await Deadline.Until(() => judge.Started == 1, TimeSpan.FromSeconds(30));

        var python = RunPythonAsync(h, "import json, verl_reward as v\nprint(json.dumps(v.compute_score('gsm8k', '7', '7')))");
        await Deadline.Until(() => Metric(h).Contains("midtrain_requests_total{route=\"/v1/reward\",status=\"429\"}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Metric(h).Should().Contain("status=\"429\"", "the client was refused while the judge held the only slot");
        judge.Release();

        (await python).GetValue<double>().Should().Be(1, "the client retried after Retry-After and got its score");
        (await held).Status.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Trl_RewardFunction_OneFloatPerCompletion()
    {
        Skip.IfNot(File.Exists(Python), $"{Python} is not installed");
        var judge = new ScriptedChatClient((_, _, _) => """{"rationale": "r", "score": 3}""");
        await using var h = await RewardHarness.StartAsync(Config, models: (_, _) => judge);
        var scores = await RunPythonAsync(h, """
            import json
            from trl_reward import make_reward_func, midtrain_reward
            math = make_reward_func("gsm8k")
            style = make_reward_func("style")
            conversational = [[{"role": "assistant", "content": "The answer is 12."}], [{"role": "assistant", "content": "13"}]]
            prompts = [[{"role": "user", "content": "What is 3 x 4?"}], [{"role": "user", "content": "What is 3 x 4?"}]]
            out = {
                "name": math.__name__,
                "math": math(completions=["\\boxed{12}", "12.0", "no"], prompts=["p", "p", "p"], ground_truth=["12", "12", "12"], completion_ids=[[1], [2], [3]]),
                "conversational": math(completions=conversational, prompts=prompts, ground_truth=["12", "12"]),
                "by_data_source": midtrain_reward(completions=["4", "5"], data_source=["openai/gsm8k", "gsm8k"], ground_truth=["4", "4"]),
                "style": style(completions=["a", "b"], prompts=["Say a.", "Say b."]),
            }
            print(json.dumps(out))
            """);
        scores["name"]!.GetValue<string>().Should().Be("midtrain_gsm8k");
        scores["math"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(1, 1, -0.5);
        scores["conversational"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(1, 0);
        scores["by_data_source"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(1, 0);
        scores["style"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(0.5, 0.5);
        judge.Calls.Select(c => c.Messages.Last().Text).Should().Contain(t => t.Contains("Say b.", StringComparison.Ordinal), "the prompt reaches the judge as the question");
    }

    private static string Metric(RewardHarness h) => h.Http.GetStringAsync("metrics").GetAwaiter().GetResult();
}
