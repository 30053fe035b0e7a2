using System.Net;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Rewards.SandboxFusion;

/// <summary>
/// <c>POST /run_code</c> against SandboxFusion's documented schema, followed as of bytedance/SandboxFusion commit
/// 469de08 (client package sandbox-fusion 0.3.4): <c>RunCodeRequest</c> {code, language, compile_timeout,
/// run_timeout, memory_limit_MB, stdin, files, fetch_files} in <c>sandbox/server/sandbox_api.py</c>; the answer
/// <c>RunCodeResponse</c> {status: Success|Failed|SandboxError, message, compile_result, run_result,
/// executor_pod_name, files}, each result a <c>CommandRunResult</c> {status: Finished|Error|TimeLimitExceeded,
/// execution_time, return_code, stdout, stderr} (<c>sandbox/runners/types.py</c>). The requests are the ones verl's
/// sandbox client sends (<c>verl/utils/reward_score/sandbox_fusion/utils.py</c>: <c>files: {}</c>,
/// <c>fetch_files: []</c>). Skipped without bubblewrap.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class RunCodeTests : IAsyncLifetime
{
    private static readonly string[] ResponseKeys = ["status", "message", "compile_result", "run_result", "executor_pod_name", "files"];
    private static readonly string[] CommandKeys = ["status", "execution_time", "return_code", "stdout", "stderr"];

    private RewardHarness? _h;

    private RewardHarness H => _h!;

    public async Task InitializeAsync()
    {
        if (SandboxRequirement.BubblewrapInstalled)
        {
            _h = await RewardHarness.StartAsync("rewards:\n  math: {kind: math}\nsandbox:\n  memory_mb: 256\n  workdir_mb: 16\n  max_processes: 32\n");
        }
    }

    public async Task DisposeAsync()
    {
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }
    }

    /// <summary>A request as verl's client builds it.</summary>
    private static string Verl(string code, string language = "python", string stdin = "", double timeout = 10, int? memory = null)
    {
        var body = new JsonObject
        {
            ["compile_timeout"] = timeout,
            ["run_timeout"] = timeout,
            ["code"] = code,
            ["stdin"] = stdin,
            ["language"] = language,
            ["files"] = new JsonObject(),
            ["fetch_files"] = new JsonArray(),
        };
        if (memory is { } mb)
        {
            body["memory_limit_MB"] = mb;
        }

        return body.ToJsonString();
    }

    private async Task<JsonNode> RunAsync(string body)
    {
        var answer = await H.OkAsync("run_code", body);
        answer.AsObject().Select(p => p.Key).Should().Equal(ResponseKeys);
        answer["files"]!.AsObject().Should().BeEmpty();
        answer["executor_pod_name"].Should().BeNull();
        answer["message"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.String);
        foreach (var key in new[] { "compile_result", "run_result" })
        {
            if (answer[key] is JsonObject result)
            {
                result.Select(p => p.Key).Should().Equal(CommandKeys);
            }
        }

        return answer;
    }

    [SkippableFact]
    public async Task Python_StdinToStdout_SuccessFinishedReturnCode0()
    {
        SandboxRequirement.Require();
        var answer = await RunAsync(Verl("import sys\nprint(sys.stdin.read().strip()[::-1])", stdin: "abc\n"));
        answer["status"]!.GetValue<string>().Should().Be("Success");
        answer["compile_result"].Should().BeNull("python has no compile step");
        var run = answer["run_result"]!;
        run["status"]!.GetValue<string>().Should().Be("Finished");
        run["return_code"]!.GetValue<int>().Should().Be(0);
        run["stdout"]!.GetValue<string>().Should().Be("cba\n");
        run["stderr"]!.GetValue<string>().Should().BeEmpty();
        run["execution_time"]!.GetValue<double>().Should().BeInRange(0, 10);
    }

    [SkippableFact]
    public async Task NonZeroExit_FailedFinishedWithTheCode()
    {
        SandboxRequirement.Require();
        var answer = await RunAsync(Verl("import sys\nprint('partial')\nsys.exit(3)"));
        answer["status"]!.GetValue<string>().Should().Be("Failed");
        answer["run_result"]!["status"]!.GetValue<string>().Should().Be("Finished");
        answer["run_result"]!["return_code"]!.GetValue<int>().Should().Be(3);
        answer["run_result"]!["stdout"]!.GetValue<string>().Should().Be("partial\n");
    }

    [SkippableFact]
    public async Task RunTimeout_TimeLimitExceededWithoutReturnCode()
    {
        SandboxRequirement.Require();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await RunAsync(Verl("while True:\n    pass", timeout: 1));
        answer["status"]!.GetValue<string>().Should().Be("Failed");
        answer["run_result"]!["status"]!.GetValue<string>().Should().Be("TimeLimitExceeded");
        answer["run_result"]!["return_code"].Should().BeNull();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "run_timeout 1 s is the limit");
    }

    [SkippableFact]
    public async Task KilledBySignal_NegativeReturnCode()
    {
        SandboxRequirement.Require();
        var answer = await RunAsync(Verl("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"));
        answer["status"]!.GetValue<string>().Should().Be("Failed");
        answer["run_result"]!["return_code"]!.GetValue<int>().Should().Be(-9);
    }

    [SkippableFact]
    public async Task MemoryLimit_FailedFinishedNonZero()
    {
        SandboxRequirement.Require();
        var answer = await RunAsync(Verl("x = bytearray(2 * 1024 ** 3)\nprint(len(x))", memory: 128));
        answer["status"]!.GetValue<string>().Should().Be("Failed");
        answer["run_result"]!["status"]!.GetValue<string>().Should().Be("Finished");
        answer["run_result"]!["return_code"]!.GetValue<int>().Should().NotBe(0);
        answer["run_result"]!["stdout"]!.GetValue<string>().Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Cpp_CompiledAndRun_CompileResultThenRunResult()
    {
        SandboxRequirement.Require();
        Skip.IfNot(File.Exists("/usr/bin/g++"), "g++ is not installed: apt-get install -y g++");
        var answer = await RunAsync(Verl("#include <iostream>\nint main(){int a,b;std::cin>>a>>b;std::cout<<a*b<<std::endl;}", "cpp", "6 7\n"));
        answer["status"]!.GetValue<string>().Should().Be("Success", answer.ToJsonString());
        answer["compile_result"]!["status"]!.GetValue<string>().Should().Be("Finished");
        answer["compile_result"]!["return_code"]!.GetValue<int>().Should().Be(0);
        answer["run_result"]!["stdout"]!.GetValue<string>().Should().Be("42\n");

        var broken = await RunAsync(Verl("int main( { return 0; }", "cpp"));
        broken["status"]!.GetValue<string>().Should().Be("Failed");
        broken["compile_result"]!["status"]!.GetValue<string>().Should().Be("Finished");
        broken["compile_result"]!["return_code"]!.GetValue<int>().Should().NotBe(0);
        broken["compile_result"]!["stderr"]!.GetValue<string>().Should().Contain("error");
        broken["run_result"].Should().BeNull("the program never ran");
    }

    [SkippableFact]
    public async Task NodeJs_SandboxFusionNameMapsToJavaScript()
    {
        SandboxRequirement.Require();
        Skip.IfNot(File.Exists("/usr/bin/node"), "node is not installed: apt-get install -y nodejs");
        var answer = await RunAsync(Verl("console.log([1, 2, 3].map(x => x * 2).join(' '))", "nodejs"));
        answer["status"]!.GetValue<string>().Should().Be("Success", answer.ToJsonString());
        answer["run_result"]!["stdout"]!.GetValue<string>().Should().Be("2 4 6\n");
    }

    [SkippableFact]
    public async Task Hostile_ContainedAsInTheSandboxSuite()
    {
        SandboxRequirement.Require();
        var marker = Path.Combine(TestPaths.RepoRoot, "midtrain-run-code-pwned-" + Guid.NewGuid().ToString("N"));
        var answer = await RunAsync(Verl($$"""
            import os, socket
            try:
                socket.create_connection(('1.1.1.1', 53), timeout=2); print('NET')
            except Exception as e:
                print('NONET')
            try:
                open('{{marker}}', 'w').write('x'); print('WROTE')
            except Exception:
                print('DENIED')
            print(sorted(k for k in os.environ if 'KEY' in k or 'TOKEN' in k))
            """));
        answer["run_result"]!["stdout"]!.GetValue<string>().Should().Be("NONET\nDENIED\n[]\n");
        File.Exists(marker).Should().BeFalse();

        var bomb = await RunAsync(Verl("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass", timeout: 2));
        bomb["run_result"]!["status"]!.GetValue<string>().Should().Be("TimeLimitExceeded");
        (await RunAsync(Verl("print('still ok')")))["run_result"]!["stdout"]!.GetValue<string>().Should().Be("still ok\n");
    }

    [SkippableFact]
    public async Task UnknownFields_Ignored()
    {
        SandboxRequirement.Require();
        var answer = await RunAsync("""{"code": "print(1)", "language": "python", "kernel": "python3", "extra": {"a": 1}, "stdin": null, "files": {"ignored.txt": null}}""");
        answer["status"]!.GetValue<string>().Should().Be("Success");
    }

    [SkippableTheory]
    [InlineData("""{"language": "python"}""", "code", "missing_required_parameter")]
    [InlineData("""{"code": "print(1)"}""", "language", "missing_required_parameter")]
    [InlineData("""{"code": 1, "language": "python"}""", "code", "invalid_type")]
    [InlineData("""{"code": "<?php echo 1;", "language": "php"}""", "language", "unsupported_value")]
    [InlineData("""{"code": "x", "language": "klingon"}""", "language", "invalid_value")]
    [InlineData("""{"code": "x", "language": "python", "run_timeout": "10"}""", "run_timeout", "invalid_type")]
    [InlineData("""{"code": "x", "language": "python", "run_timeout": 0}""", "run_timeout", "decimal_below_min_value")]
    [InlineData("""{"code": "x", "language": "python", "memory_limit_MB": 1.5}""", "memory_limit_MB", "invalid_type")]
    [InlineData("""{"code": "x", "language": "python", "stdin": 3}""", "stdin", "invalid_type")]
    [InlineData("""{"code": "x", "language": "python", "files": {"data.txt": "aGk="}}""", "files", "unsupported_parameter")]
    [InlineData("""{"code": "x", "language": "python", "fetch_files": ["out.txt"]}""", "fetch_files", "unsupported_parameter")]
    public async Task Malformed_400NamingTheField(string body, string param, string code)
    {
        SandboxRequirement.Require();
        var error = await H.BadRequestAsync("run_code", body);
        error["param"]!.GetValue<string>().Should().Be(param);
        error["code"]!.GetValue<string>().Should().Be(code);
    }
}
