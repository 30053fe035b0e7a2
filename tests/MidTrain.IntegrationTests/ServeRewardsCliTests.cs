using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// <c>midtrain serve rewards</c> as a real process next to <c>midtrain serve --model</c>: both forms of the
/// <c>serve</c> word work, the reward server answers and stops on SIGTERM with exit 0, and a bad rewards file is exit 2
/// naming file, line and key.
/// </summary>
public sealed class ServeRewardsCliTests
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ServeRewards_ConfigFile_ScoresThenStopsOnSigterm()
    {
        var dir = TestPaths.NewTempDir("serve-rewards-cli");
        try
        {
            var config = Path.Combine(dir, "rewards.yaml");
            await File.WriteAllTextAsync(config, "run_code: false\ndefault: gsm8k\nrewards:\n  gsm8k: {kind: math, data_sources: [openai/gsm8k]}\n");
            await using var serve = await ServeProcess.StartAsync(StartLimit, null, "rewards", "--config", config);
            serve.Stderr.Should().Contain("serving rewards gsm8k (math)").And.Contain("default gsm8k");
            using var http = new HttpClient { BaseAddress = serve.BaseAddress };
            using var response = await http.PostAsync("v1/reward", new StringContent("""{"batch": [{"data_source": "openai/gsm8k", "solution": "\\boxed{5}", "ground_truth": "5"}, {"data_source": "openai/gsm8k", "solution": "6", "ground_truth": "5"}]}""", Encoding.UTF8, "application/json"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["scores"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(1, 0);

            serve.Signal(SigTerm);
            (await serve.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, serve.Stderr);
            serve.Stderr.Should().Contain("SIGTERM: stopping").And.Contain("stopped");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The shipped example file, as the README starts it: every kind answers, the judge on the tiny GGUF.</summary>
    [SkippableFact]
    public async Task ServeRewards_ExampleConfig_EveryKindAnswers()
    {
        Skip.IfNot((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "bwrap"))), "bubblewrap (bwrap) is not installed: the example has a code reward");
        await using var serve = await ServeProcess.StartAsync(StartLimit, null, "rewards", "--config", Path.Combine(TestPaths.RepoRoot, "examples", "rewards", "rewards.yaml"));
        serve.Stderr.Should().Contain("warning: judge model 'judge' is the tiny random-weight test model");
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var batch = new JsonObject
        {
            ["batch"] = new JsonArray(
                new JsonObject { ["data_source"] = "openai/gsm8k", ["solution"] = "\\boxed{2}", ["ground_truth"] = "2" },
                new JsonObject { ["data_source"] = "openai/humaneval", ["solution"] = "def inc(x):\n    return x + 1\n", ["ground_truth"] = new JsonObject { ["tests"] = new JsonArray("assert inc(1) == 2") } },
                new JsonObject { ["reward"] = "cited", ["solution"] = "It reads \"one two three\" [s].", ["extra_info"] = new JsonObject { ["sources"] = new JsonObject { ["s"] = "one two three four" } } },
                new JsonObject { ["reward"] = "math_and_style", ["solution"] = "The answer is 2.", ["ground_truth"] = "2", ["extra_info"] = new JsonObject { ["question"] = "What is 1 + 1?" } }),
        };
        using var response = await http.PostAsync("v1/reward", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        var results = JsonNode.Parse(text)!["results"]!.AsArray();
        results.Select(r => r!["kind"]!.GetValue<string>()).Should().Equal("math", "code", "citation", "combine");
        results.Take(3).Select(r => r!["score"]!.GetValue<double>()).Should().Equal(1, 1, 1);
        var judge = results[3]!["parts"]![1]!;
        judge["kind"]!.GetValue<string>().Should().Be("judge");
        judge["judgement"]!["criterion"]!.GetValue<string>().Should().Be("instruction_following");
        results[3]!["score"]!.GetValue<double>().Should().BeInRange(0.8, 1.0, "0.8 from the math part plus 0.2 × a score in 0–1 (or 0 when the tiny model's reply is unusable)");
        serve.Signal(SigTerm);
        (await serve.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, serve.Stderr);
    }

    [Fact]
    public async Task ServeModel_StillTheDefaultFormOfServe()
    {
        await using var serve = await ServeProcess.StartAsync(StartLimit, null, "--model", "tiny", "--parallel", "1");
        serve.BaseAddress.AbsolutePath.Should().Be("/v1/");
        using var http = new HttpClient { BaseAddress = serve.BaseAddress };
        (await http.GetStringAsync("models")).Should().Contain("\"id\":\"tiny\"");
        serve.Signal(SigTerm);
        (await serve.WaitForExitAsync(TimeSpan.FromSeconds(20))).Should().Be(0, serve.Stderr);
    }

    [Fact]
    public async Task ServeHelp_ListsTheModelFlagsAndTheRewardsCommand()
    {
        var (code, stdout, stderr) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, TimeSpan.FromSeconds(60), "serve", "--help");
        code.Should().Be(0);
        (stdout + stderr).Should().Contain("--model <FILE>").And.Contain("--embedding-model").And.Contain("rewards");
        (code, stdout, stderr) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, TimeSpan.FromSeconds(60), "serve", "rewards", "--help");
        code.Should().Be(0);
        (stdout + stderr).Should().Contain("--config <FILE>").And.Contain("--api-key-env").And.NotContain("--model");
    }

    [Fact]
    public async Task ServeRewards_BadKeyInTheFile_ExitCode2NamingFileLineAndKey()
    {
        var dir = TestPaths.NewTempDir("serve-rewards-bad");
        try
        {
            var config = Path.Combine(dir, "rewards.yaml");
            await File.WriteAllTextAsync(config, "run_code: false\nrewards:\n  gsm8k:\n    kind: math\n    format_penalti: 1\n");
            var (code, _, stderr) = await MidtrainCli.RunAsync(dir, TimeSpan.FromSeconds(60), "serve", "rewards", "--config", config, "--port", "0");
            code.Should().Be(2, stderr);
            stderr.Trim().Should().StartWith($"error: {config}:5: unknown key 'rewards.gsm8k.format_penalti'");
            (code, _, stderr) = await MidtrainCli.RunAsync(dir, TimeSpan.FromSeconds(60), "serve", "rewards", "--model", "tiny");
            code.Should().Be(2, "serve rewards has no --model flag");
            stderr.Should().Contain("model");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
