using System.Text.Json.Nodes;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

[Collection(SandboxTestKit.Collection)]
public sealed class CodeEvaluatorTests
{
    private static async Task<JsonObject> VerifyAsync(string json)
    {
        using var verifier = new CodeVerifier(SandboxTestKit.Create(), ownsSandbox: true);
        return await VerifierFiles.VerifyLineAsync(verifier, "code", json);
    }

    [SkippableFact]
    public async Task VerifyLineAsync_AssertListPassing_PassWithResultFields()
    {
        var verdict = await VerifyAsync("""{"code":"def add(a, b):\n    return a + b","tests":["assert add(1, 2) == 3","assert add(-1, 1) == 0"]}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("pass");
        verdict["status"]!.GetValue<string>().Should().Be("passed");
        verdict["exit_code"]!.GetValue<int>().Should().Be(0);
        verdict["format"]!.GetValue<string>().Should().Be("asserts");
        verdict["sandboxed"]!.GetValue<bool>().Should().BeTrue();
        verdict["duration_ms"]!.GetValue<double>().Should().BePositive();
        verdict.ContainsKey("signal").Should().BeTrue();
        verdict.ContainsKey("stdout_truncated").Should().BeTrue();
    }

    [SkippableFact]
    public async Task VerifyLineAsync_AssertListFailing_FailWithAssertionInStderr()
    {
        var verdict = await VerifyAsync("""{"code":"def add(a, b):\n    return a - b","tests":["assert add(1, 2) == 3"]}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("fail");
        verdict["status"]!.GetValue<string>().Should().Be("failed");
        verdict["exit_code"]!.GetValue<int>().Should().Be(1);
        verdict["stderr"]!.GetValue<string>().Should().Contain("AssertionError");
        verdict["score"]!.GetValue<double>().Should().Be(0);
    }

    [SkippableFact]
    public async Task VerifyLineAsync_StdioCasesWrongSecondCase_FailStopsAtThatCase()
    {
        var verdict = await VerifyAsync("""{"code":"n = int(input())\nprint(n * 2 if n < 5 else n)","cases":[{"stdin":"2\n","expected_stdout":"4\n"},{"stdin":"7\n","expected_stdout":"14"},{"stdin":"1","expected_stdout":"2"}]}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("fail");
        verdict["cases_passed"]!.GetValue<int>().Should().Be(1);
        verdict["cases_total"]!.GetValue<int>().Should().Be(3);
        verdict["score"]!.GetValue<double>().Should().BeApproximately(1.0 / 3, 1e-9);
        verdict["reason"]!.GetValue<string>().Should().Contain("case 2/3: wrong output").And.Contain("expected \"14\", got \"7\\n\"");
    }

    [SkippableFact]
    public async Task VerifyLineAsync_StdioCasesNumericTolerance_Pass()
    {
        var verdict = await VerifyAsync("""{"code":"import sys\nprint(1/3)","cases":[{"expected_stdout":"0.333333"}],"compare":"numeric","tolerance":1e-5}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("pass", verdict.ToJsonString());
        verdict["cases_passed"]!.GetValue<int>().Should().Be(1);
    }

    [SkippableFact]
    public async Task VerifyLineAsync_StdioCasesExactComparison_TrailingSpaceFails()
    {
        var verdict = await VerifyAsync("""{"code":"print('a ')","cases":[{"expected_stdout":"a\n"}],"compare":"exact"}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("fail");
    }

    [SkippableFact]
    public async Task VerifyLineAsync_JavaScriptStdio_Pass()
    {
        var verdict = await VerifyAsync("""{"language":"javascript","code":"const lines = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(lines.reduce((a, b) => a + b, 0));","cases":[{"stdin":"1 2 3","expected_stdout":"6"},{"stdin":"10","expected_stdout":"10"}]}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("pass", verdict.ToJsonString());
        verdict["language"]!.GetValue<string>().Should().Be("javascript");
    }

    [SkippableFact]
    public async Task VerifyLineAsync_PerLineTimeout_TimeoutStatusAndFail()
    {
        var verdict = await VerifyAsync("""{"code":"import time\ntime.sleep(10)","tests":["assert True"],"timeout_s":0.5}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("fail");
        verdict["status"]!.GetValue<string>().Should().Be("timeout");
        verdict["duration_ms"]!.GetValue<double>().Should().BeLessThan(5000);
    }

    [SkippableFact]
    public async Task VerifyLineAsync_MalformedLine_InvalidWithReason()
    {
        var verdict = await VerifyAsync("""{"code":"print(1)"}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("invalid");
        verdict["reason"]!.GetValue<string>().Should().Contain("no tests");
    }
}
