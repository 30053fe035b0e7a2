using MidTrain.Core.Records;
using MidTrain.Tests;
using MidTrain.Verifiers.Plugins;
using MidTrain.Verifiers.Tests.Code;

namespace MidTrain.Verifiers.Tests.Plugins;

public sealed class ProcessPluginVerifierTests
{
    private static ProcessPluginVerifier Chaos(string mode, int instances = 2, double timeoutSeconds = 10, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(new ProcessPluginOptions { Command = [PluginTestKit.Python, PluginTestKit.ChaosScript, mode], Instances = instances, Timeout = TimeSpan.FromSeconds(timeoutSeconds), Name = "chaos" }, logger);

    private static async Task<Verdict[]> VerifyRangeAsync(ProcessPluginVerifier verifier, int count) =>
        await Deadline.Within(Task.WhenAll(Enumerable.Range(0, count).Select(n => verifier.VerifyAsync(PluginTestKit.Numbered(n)).AsTask())), TimeSpan.FromSeconds(90), "plug-in run");

    private static void AssertCorrect(Verdict verdict, int n)
    {
        verdict.Outcome.Should().Be(n % 2 == 0 ? VerdictOutcome.Pass : VerdictOutcome.Fail, $"sample {n}: {verdict.Reason}");
        verdict.Score.Should().Be(n);
        verdict.Details!.Value.GetProperty("pid").GetInt32().Should().BePositive();
        verdict.Name.Should().Be("chaos");
    }

    [Fact]
    public async Task VerifyAsync_PluginCrashingOnEvery10th_1000SamplesCrashedInvalidRestCorrect()
    {
        using var verifier = Chaos("crash10");
        var verdicts = await VerifyRangeAsync(verifier, 1000);

        for (var n = 0; n < verdicts.Length; n++)
        {
            if (n % 10 == 9)
            {
                verdicts[n].Outcome.Should().Be(VerdictOutcome.Invalid, $"sample {n} crashed the plug-in");
                verdicts[n].Reason.Should().Contain("plug-in crashed (exit code 3)").And.Contain("restarted");
            }
            else
            {
                AssertCorrect(verdicts[n], n);
            }
        }

        verifier.ProcessStarts.Should().BeInRange(100, 102, "one restart per crash, plus the first start of each instance");
    }

    [Fact]
    public async Task VerifyAsync_PluginHanging_TimedOutSamplesInvalidRestCorrect()
    {
        using var verifier = Chaos("hang", instances: 2, timeoutSeconds: 2);
        var verdicts = await VerifyRangeAsync(verifier, 60);

        for (var n = 0; n < verdicts.Length; n++)
        {
            if (n % 25 == 24)
            {
                verdicts[n].Outcome.Should().Be(VerdictOutcome.Invalid);
                verdicts[n].Reason.Should().Contain("no reply within 2 s");
            }
            else
            {
                AssertCorrect(verdicts[n], n);
            }
        }
    }

    [Fact]
    public async Task VerifyAsync_PluginPrintingGarbage_MalformedInvalidRestCorrect()
    {
        using var verifier = Chaos("garbage");
        var verdicts = await VerifyRangeAsync(verifier, 200);

        for (var n = 0; n < verdicts.Length; n++)
        {
            if (n % 7 == 6)
            {
                verdicts[n].Outcome.Should().Be(VerdictOutcome.Invalid);
                verdicts[n].Reason.Should().StartWith("malformed reply");
            }
            else
            {
                AssertCorrect(verdicts[n], n);
            }
        }
    }

    [Fact]
    public async Task VerifyAsync_PluginWritingStderr_LinesGoToTheLogger()
    {
        var logger = new CodeSandboxTests.ListLogger();
        using var verifier = Chaos("stderr", instances: 1, logger: logger);
        await VerifyRangeAsync(verifier, 3);
        bool Logged()
        {
            lock (logger.Warnings)
            {
                return logger.Warnings.Any(w => w.Contains("checking sample 2", StringComparison.Ordinal));
            }
        }

        await Deadline.Until(Logged, TimeSpan.FromSeconds(10));
        lock (logger.Warnings)
        {
            logger.Warnings.Should().Contain(w => w.Contains("chaos", StringComparison.Ordinal) && w.Contains("checking sample 2", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task VerifyAsync_CommandNotFound_ThrowsPluginExceptionNamingTheCommand()
    {
        using var verifier = new ProcessPluginVerifier(new ProcessPluginOptions { Command = ["/nonexistent/verifier-binary"] });
        var act = async () => await verifier.VerifyAsync(PluginTestKit.Numbered(0));
        (await act.Should().ThrowAsync<PluginException>()).Which.Message.Should().Contain("/nonexistent/verifier-binary");
    }

    [Fact]
    public async Task Dispose_RunningInstances_ProcessesExit()
    {
        var verifier = Chaos("none", instances: 2);
        var verdicts = await VerifyRangeAsync(verifier, 4);
        var pids = verdicts.Select(v => v.Details!.Value.GetProperty("pid").GetInt32()).Distinct().ToList();
        verifier.Dispose();
        foreach (var pid in pids)
        {
            (await SandboxTestKit.SurvivorsAfterGraceAsync(() => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(" Z ", StringComparison.Ordinal) ? [pid.ToString()] : []))
                .Should().BeEmpty();
        }
    }

    [Fact]
    public void Constructor_NoCommand_ThrowsNamingTheKey()
    {
        var act = () => new ProcessPluginVerifier(new ProcessPluginOptions());
        act.Should().Throw<ArgumentException>().WithMessage("*command*");
    }
}
