using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MidTrain.Tests;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>
/// C, C++, Java, Go, Rust and Bash through the warm sandbox: a passing program, a failing one, a compile error (outcome
/// <c>fail</c> with the compiler's message), and the hostile suite's network, file-write and fork-bomb cases. A
/// language whose toolchain is not installed is skipped with the reason.
/// </summary>
[Collection(SandboxTestKit.Collection)]
public sealed class LanguageTests
{
    public static TheoryData<string> Languages => new(LanguagePrograms.ByName.Keys);

    public static TheoryData<string> CompiledLanguages => new(LanguagePrograms.ByName.Values.Where(p => p.CompileError is not null).Select(p => p.Language.Name));

    private static SandboxOptions Options(SandboxOptions o)
    {
        o.MaxProcesses = 64;
        o.DefaultTimeout = TimeSpan.FromSeconds(20);
        o.CompileTimeout = TimeSpan.FromSeconds(120);
        return o;
    }

    /// <summary>A sandbox and the language's programs; skips when the toolchain is missing.</summary>
    private static async Task<(CodeSandbox Sandbox, LanguagePrograms Programs)> CreateAsync(string language, bool warm = true)
    {
        var sandbox = SandboxTestKit.Create(o => Options(o).WarmStart = warm);
        var programs = LanguagePrograms.ByName[language];
        var availability = await sandbox.GetAvailabilityAsync(programs.Language);
        if (!availability.IsAvailable)
        {
            sandbox.Dispose();
        }

        Skip.IfNot(availability.IsAvailable, availability.Reason);
        return (sandbox, programs);
    }

    private static async Task<ExecutionResult> RunAsync(CodeSandbox sandbox, CodeLanguage language, string code, string stdin = "", TimeSpan? timeout = null)
    {
        var result = await Deadline.Within(
            sandbox.ExecuteAsync(new ExecutionRequest(language, code) { Stdin = stdin, Timeout = timeout }),
            TimeSpan.FromMinutes(3),
            $"{language.Name} execution");
        result.SandboxFailure.Should().BeFalse(result.Message);
        return result;
    }

    private static async Task<JsonObject> VerifyAsync(CodeSandbox sandbox, string language, string code)
    {
        using var verifier = new CodeVerifier(sandbox);
        var line = new JsonObject
        {
            ["language"] = language,
            ["code"] = code,
            ["cases"] = new JsonArray(new JsonObject { ["stdin"] = "21\n", ["expected_stdout"] = "42\n" }),
        };
        return await Deadline.Within(VerifierFiles.VerifyLineAsync(verifier, "code", line), TimeSpan.FromMinutes(3), $"{language} verification");
    }

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task VerifyLineAsync_PassingProgram_Pass(string language)
    {
        var (sandbox, programs) = await CreateAsync(language);
        using (sandbox)
        {
            var verdict = await VerifyAsync(sandbox, language, programs.Pass);
            verdict["outcome"]!.GetValue<string>().Should().Be("pass", verdict.ToJsonString());
            verdict["stdout"]!.GetValue<string>().Should().Be("42\n");
            verdict["language"]!.GetValue<string>().Should().Be(language);
            sandbox.WarmExecutions.Should().Be(1);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task VerifyLineAsync_FailingProgram_Fail(string language)
    {
        var (sandbox, programs) = await CreateAsync(language);
        using (sandbox)
        {
            var verdict = await VerifyAsync(sandbox, language, programs.Fail);
            verdict["outcome"]!.GetValue<string>().Should().Be("fail", verdict.ToJsonString());
            verdict["status"]!.GetValue<string>().Should().BeOneOf("failed", "error");
            verdict["stderr"]!.GetValue<string>().Should().Contain("wrong answer");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(CompiledLanguages))]
    public async Task VerifyLineAsync_CompileError_FailWithTheCompilersMessage(string language)
    {
        var (sandbox, programs) = await CreateAsync(language);
        using (sandbox)
        {
            var verdict = await VerifyAsync(sandbox, language, programs.CompileError!);
            verdict["outcome"]!.GetValue<string>().Should().Be("fail", verdict.ToJsonString());
            verdict["status"]!.GetValue<string>().Should().Be("error");
            var reason = verdict["reason"]!.GetValue<string>();
            reason.Should().Contain("compile error: ").And.Contain(programs.CompilerSays);
            reason.Length.Should().BeLessThan(1500, "the compiler's message is cut to its first lines");
            verdict["stdout"]!.GetValue<string>().Should().NotContain("42", "the program never ran");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task ExecuteAsync_ConnectToHostLoopbackListener_IsBlocked(string language)
    {
        var (sandbox, programs) = await CreateAsync(language);
        using (sandbox)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var result = await RunAsync(sandbox, programs.Language, programs.Connect, port + "\n");
            result.Stdout.Should().StartWith("BLOCKED", result.Stderr);
            listener.Pending().Should().BeFalse("no connection may reach the host's listener");
            (await SandboxTestKit.SurvivorsAfterGraceAsync(SandboxTestKit.SandboxSurvivors)).Should().BeEmpty();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task ExecuteAsync_WriteOutsideWorkDir_HostUnchanged(string language)
    {
        var (sandbox, programs) = await CreateAsync(language);
        using (sandbox)
        {
            var marker = "midtrain-pwned-" + Guid.NewGuid().ToString("N");
            var hostTargets = new[] { Path.Combine(TestPaths.RepoRoot, marker), Path.Combine("/tmp", marker), Path.Combine(Path.GetTempPath(), marker) };
            var sandboxOnly = new[] { "/usr/" + marker, "/src/" + marker, "/" + marker };
            var result = await RunAsync(sandbox, programs.Language, programs.WriteFiles, string.Join('\n', hostTargets.Concat(sandboxOnly)) + "\n");
            result.Status.Should().Be(ExecutionStatus.Passed, result.Stderr);
            result.Stdout.Should().Contain("WORK fine", "the private work dir is writable");
            foreach (var denied in sandboxOnly)
            {
                result.Stdout.Should().Contain("DENIED " + denied);
            }

            foreach (var target in hostTargets)
            {
                File.Exists(target).Should().BeFalse($"{target} is on the host and must not be written");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task ExecuteAsync_ForkBomb_ContainedKilledAndTheSandboxKeepsWorking(string language)
    {
        var (sandbox, programs) = await CreateAsync(language);
        using (sandbox)
        {
            var bomb = language == "bash" ? "while :; do sleep 1000 & done\n" : programs.ForkBomb;
            var result = await RunAsync(sandbox, programs.Language, bomb, timeout: TimeSpan.FromSeconds(3));

            // Ended by the wall clock, or (runtimes that need threads: the JVM, Go) by the process limit itself.
            result.Status.Should().NotBe(ExecutionStatus.Passed, result.Stderr);
            result.DurationMs.Should().BeLessThan(15_000);
            (await SandboxTestKit.SurvivorsAfterGraceAsync(SandboxTestKit.SandboxSurvivors)).Should().BeEmpty("nothing of the program may outlive it");
            var after = await RunAsync(sandbox, programs.Language, programs.Pass, "5\n");
            after.Status.Should().Be(ExecutionStatus.Passed, after.Stderr);
            after.Stdout.Trim().Should().Be("10");
        }
    }

    [SkippableFact]
    public async Task ExecuteAsync_JavaHeapExhaustion_IsMemoryStatus()
    {
        var (sandbox, _) = await CreateAsync("java");
        using (sandbox)
        {
            var code = "public class Main { public static void main(String[] a) { long[][] keep = new long[100000][]; for (int i = 0; ; i++) keep[i] = new long[1 << 20]; } }\n";
            var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Java, code) { MemoryMb = 128, Timeout = TimeSpan.FromSeconds(20) });
            result.Status.Should().Be(ExecutionStatus.Memory, result.Stderr);
            result.Stderr.Should().Contain("OutOfMemoryError");
        }
    }

    [SkippableFact]
    public async Task ExecuteAsync_OneShotSandbox_CompilesRunsAndReportsCompileErrors()
    {
        var (sandbox, programs) = await CreateAsync("c", warm: false);
        using (sandbox)
        {
            var pass = await RunAsync(sandbox, programs.Language, programs.Pass, "21\n");
            pass.Status.Should().Be(ExecutionStatus.Passed, pass.Stderr);
            pass.Stdout.Should().Be("42\n");

            var broken = await RunAsync(sandbox, programs.Language, programs.CompileError!);
            broken.Status.Should().Be(ExecutionStatus.Error);
            broken.Message.Should().StartWith("compile error: ").And.Contain("undefined_variable").And.NotContain("midtrain: compile step failed");
            sandbox.WarmExecutions.Should().Be(0);
        }
    }

    [SkippableFact]
    public async Task ExecuteAsync_UnsandboxedMode_CompilesAndRunsInATemporaryDirectory()
    {
        using var sandbox = CodeSandbox.Create(Options(new SandboxOptions { Unsandboxed = true, BubblewrapPath = "/nonexistent/bwrap" }));
        var availability = await sandbox.GetAvailabilityAsync(CodeLanguages.C);
        Skip.IfNot(availability.IsAvailable, availability.Reason);

        var pass = await RunAsync(sandbox, CodeLanguages.C, LanguagePrograms.C.Pass, "21\n");
        pass.Status.Should().Be(ExecutionStatus.Passed, pass.Stderr);
        pass.Stdout.Should().Be("42\n");
        pass.Sandboxed.Should().BeFalse();
        var broken = await RunAsync(sandbox, CodeLanguages.C, LanguagePrograms.C.CompileError!);
        broken.Message.Should().StartWith("compile error: ").And.Contain("undefined_variable");
    }

    [Fact]
    public async Task GetAvailabilityAsync_ToolchainMissing_UnavailableWithWhatToInstall()
    {
        var missing = CodeLanguages.Go with { Compilers = ["/nonexistent/bin/go"] };
        using var sandbox = CodeSandbox.Create(new SandboxOptions { Languages = [missing], Unsandboxed = true, BubblewrapPath = "/nonexistent/bwrap" });

        var availability = await sandbox.GetAvailabilityAsync(missing);
        availability.IsAvailable.Should().BeFalse();
        availability.Reason.Should().Contain("language 'go' is unavailable").And.Contain("/nonexistent/bin/go: not found").And.Contain("apt-get install -y golang-go");

        var result = await sandbox.ExecuteAsync(new ExecutionRequest(missing, "package main\nfunc main() {}\n"));
        result.Status.Should().Be(ExecutionStatus.Error);
        result.SandboxFailure.Should().BeTrue("nothing about the program is known: the verdict is invalid, not fail");
        result.Message.Should().Be(availability.Reason);
    }
}
