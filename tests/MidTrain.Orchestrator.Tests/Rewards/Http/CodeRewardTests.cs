using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Rewards.Http;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Rewards.Http;

/// <summary>
/// <c>kind: code</c> over HTTP: the test formats, both scorings, verl's <c>inputs</c>/<c>outputs</c>, and hostile
/// solutions contained as in the sandbox suite (the cases of <c>HostileProgramTests</c>: network, host files, secrets,
/// fork bomb, memory, endless loop), with the server still scoring afterwards. Skipped without bubblewrap.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class CodeRewardTests : IAsyncLifetime
{
    private const string Config = """
        default: all
        rewards:
          all: {kind: code, timeout_s: 5}
          share: {kind: code, scoring: fraction, timeout_s: 5}
        sandbox:
          memory_mb: 256
          workdir_mb: 16
          max_processes: 32
        """;

    private RewardHarness? _h;

    private RewardHarness H => _h!;

    public async Task InitializeAsync()
    {
        if (SandboxRequirement.BubblewrapInstalled)
        {
            _h = await RewardHarness.StartAsync(Config);
        }
    }

    public async Task DisposeAsync()
    {
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }
    }

    private async Task<JsonNode> ScoreAsync(string reward, string solution, JsonNode groundTruth, JsonObject? extra = null)
    {
        var item = new JsonObject { ["reward"] = reward, ["solution"] = solution, ["ground_truth"] = groundTruth.DeepClone(), ["extra_info"] = extra?.DeepClone() };
        return await H.OkAsync(RewardHandler.Route, item.ToJsonString());
    }

    [SkippableFact]
    public async Task HumanEvalFormat_CorrectAndWrong_OneAndZero()
    {
        SandboxRequirement.Require();
        var truth = new JsonObject
        {
            ["prompt"] = "def add(a, b):\n",
            ["test"] = "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-1, 1) == 0\n",
            ["entry_point"] = "add",
        };
        var good = await ScoreAsync("all", "```python\n    return a + b\n```", truth);
        good["score"]!.GetValue<double>().Should().Be(1, good.ToJsonString());
        good["verdict"]!["format"]!.GetValue<string>().Should().Be("humaneval");
        good["verdict"]!["sandboxed"]!.GetValue<bool>().Should().BeTrue();

        var bad = await ScoreAsync("all", "    return a - b\n", truth);
        bad["score"]!.GetValue<double>().Should().Be(0);
        bad["outcome"]!.GetValue<string>().Should().Be("fail");
        bad["verdict"]!["stderr"]!.GetValue<string>().Should().Contain("AssertionError");
    }

    [SkippableFact]
    public async Task AssertList_FractionScoring_ShareOfTestsPassed()
    {
        SandboxRequirement.Require();
        var truth = new JsonObject { ["tests"] = new JsonArray("assert sq(2) == 4", "assert sq(3) == 9", "assert sq(-2) == -4") };
        const string solution = "Here:\n```python\ndef sq(x):\n    return x * x\n```";
        var share = await ScoreAsync("share", solution, truth);
        share["score"]!.GetValue<double>().Should().BeApproximately(2.0 / 3, 1e-12);
        share["tests_passed"]!.GetValue<int>().Should().Be(2);
        share["tests_total"]!.GetValue<int>().Should().Be(3);
        share["reason"]!.GetValue<string>().Should().StartWith("1 of 3 tests failed; first, test 3");

        var all = await ScoreAsync("all", solution, truth);
        all["score"]!.GetValue<double>().Should().Be(0, "all-or-nothing");
    }

    [SkippableFact]
    public async Task VerlInputsOutputs_AsAJsonString_StdinStdoutCases()
    {
        SandboxRequirement.Require();
        var truth = JsonValue.Create("""{"inputs": ["1 2\n", "5 7\n", "10 -3\n"], "outputs": ["3\n", "12\n", "8\n"]}""");
        var answer = await ScoreAsync("share", "a, b = map(int, input().split())\nprint(a + b)", truth);
        answer["score"]!.GetValue<double>().Should().BeApproximately(2.0 / 3, 1e-12, "10 + -3 is 7, not 8");
        answer["verdict"]!["format"]!.GetValue<string>().Should().Be("stdio");
    }

    [SkippableFact]
    public async Task MalformedTests_InvalidWithTheReason()
    {
        SandboxRequirement.Require();
        var callBased = await ScoreAsync("all", "def f(x): return x", new JsonObject { ["inputs"] = new JsonArray("[1]"), ["outputs"] = new JsonArray("1"), ["fn_name"] = "f" });
        callBased["outcome"]!.GetValue<string>().Should().Be("invalid");
        callBased["reason"]!.GetValue<string>().Should().Contain("fn_name");
        var notSpec = await ScoreAsync("all", "print(1)", JsonValue.Create("just text"));
        notSpec["reason"]!.GetValue<string>().Should().Contain("test spec");
        var noTests = await ScoreAsync("all", "print(1)", new JsonObject { ["language"] = "python" });
        noTests["reason"]!.GetValue<string>().Should().Contain("no tests");
    }

    [SkippableFact]
    public async Task GroundTruthCode_NeverReplacesTheSolution()
    {
        SandboxRequirement.Require();
        var truth = new JsonObject { ["code"] = "def f():\n    return 1\n", ["tests"] = new JsonArray("assert f() == 1") };
        var answer = await ScoreAsync("all", "def f():\n    return 2\n", truth);
        answer["score"]!.GetValue<double>().Should().Be(0);
    }

    [SkippableFact]
    public async Task Hostile_NetworkHostFilesAndSecrets_Contained()
    {
        SandboxRequirement.Require();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var marker = Path.Combine(TestPaths.RepoRoot, "midtrain-reward-pwned-" + Guid.NewGuid().ToString("N"));
        var secret = "sk-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("MIDTRAIN_REWARD_TEST_SECRET", secret);
        try
        {
            var solution = $$"""
                import os, socket
                try:
                    socket.create_connection(('127.0.0.1', {{port}}), timeout=2)
                    print('CONNECTED')
                except Exception as e:
                    print('BLOCKED', type(e).__name__)
                try:
                    open('{{marker}}', 'w').write('x')
                    print('WROTE')
                except Exception as e:
                    print('DENIED', type(e).__name__)
                print(os.environ.get('MIDTRAIN_REWARD_TEST_SECRET', 'no-secret'))
                """;
            var answer = await ScoreAsync("all", solution, new JsonObject { ["cases"] = new JsonArray(new JsonObject { ["stdin"] = "", ["expected_stdout"] = "BLOCKED" }) });
            var stdout = answer["verdict"]!["stdout"]!.GetValue<string>();
            stdout.Should().Contain("BLOCKED").And.Contain("DENIED").And.Contain("no-secret").And.NotContain("CONNECTED").And.NotContain(secret);
            File.Exists(marker).Should().BeFalse();
            listener.Pending().Should().BeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable("MIDTRAIN_REWARD_TEST_SECRET", null);
        }

        await StillScoresAsync();
    }

    [SkippableFact]
    public async Task Hostile_ForkBombMemoryAndEndlessLoop_ContainedAndTheServerKeepsScoring()
    {
        SandboxRequirement.Require();
        var tests = new JsonObject { ["tests"] = new JsonArray("assert True") };
        var items = new JsonArray(
            Item("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"),
            Item("x = bytearray(10 * 1024 ** 3)\n"),
            Item("while True:\n    pass\n"),
            Item("print('fine')\n"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await Deadline.Within(H.OkAsync(RewardHandler.Route, new JsonObject { ["batch"] = items }.ToJsonString()), TimeSpan.FromSeconds(90), "the hostile batch");
        var results = answer["results"]!.AsArray();
        results.Select(r => r!["verdict"]!["status"]!.GetValue<string>()).Should().Equal("timeout", "memory", "timeout", "passed");
        answer["scores"]!.AsArray().Select(s => s!.GetValue<double>()).Should().Equal(0, 0, 0, 1);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "each run is bounded by its 5 s limit");
        await StillScoresAsync();

        JsonObject Item(string code) => new() { ["reward"] = "all", ["solution"] = code, ["ground_truth"] = tests.DeepClone() };
    }

    private async Task StillScoresAsync()
    {
        var after = await ScoreAsync("all", "print(input())", new JsonObject { ["cases"] = new JsonArray(new JsonObject { ["stdin"] = "ok\n", ["expected_stdout"] = "ok\n" }) });
        after["score"]!.GetValue<double>().Should().Be(1, after.ToJsonString());
    }
}
