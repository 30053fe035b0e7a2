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
