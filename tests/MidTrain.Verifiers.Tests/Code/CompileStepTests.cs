using MidTrain.Tests;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>
/// Compile steps have their own wall-clock limit, separate from the program's: a compile that hangs is stopped at
/// <see cref="SandboxOptions.CompileTimeout"/>, a program that hangs at its run limit. Uses Bash as a stand-in compiler
/// so that it runs wherever the sandbox does.
/// </summary>
[Collection(SandboxTestKit.Collection)]
public sealed class CompileStepTests
{
    // The compiler closes its outputs before it hangs: the clock must not depend on them.
    private static readonly CodeLanguage SlowCompile = CodeLanguages.Bash with { Name = "bash-slow-compile", Aliases = [], CompileArguments = ["-c", "exec >&- 2>&-; sleep 30"] };
    private static readonly CodeLanguage FastCompile = CodeLanguages.Bash with { Name = "bash-fast-compile", Aliases = [], CompileArguments = ["-c", "echo compiled > {workdir}/artifact"] };

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExecuteAsync_CompileLongerThanTheCompileLimit_TimeoutOfTheCompileStep(bool warm)
    {
        using var sandbox = SandboxTestKit.Create(o =>
        {
            o.WarmStart = warm;
            o.CompileTimeout = TimeSpan.FromSeconds(1);
            o.Languages = [SlowCompile];
        });
        var result = await Deadline.Within(sandbox.ExecuteAsync(new ExecutionRequest(SlowCompile, "echo never") { Timeout = TimeSpan.FromSeconds(20) }), TimeSpan.FromSeconds(30));
        result.Stdout.Should().NotContain("never");
        result.DurationMs.Should().BeLessThan(10_000, "the compile limit (1 s) applies, not the run limit (20 s)");
        if (warm)
        {
            result.Status.Should().Be(ExecutionStatus.Timeout);
            result.Message.Should().Be("compile step: wall-clock timeout after 1 s");
        }
        else
        {
            // One-shot sandboxes stop the compiler with timeout(1) and report the compile step as failed.
            result.Status.Should().Be(ExecutionStatus.Error);
            result.Message.Should().StartWith("compile error");
        }

        (await SandboxTestKit.SurvivorsAfterGraceAsync(SandboxTestKit.SandboxSurvivors)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task ExecuteAsync_FastCompileThenSlowProgram_TimeoutOfTheRunStepWithTheCompiledArtifact()
    {
        using var sandbox = SandboxTestKit.Create(o =>
        {
            o.CompileTimeout = TimeSpan.FromSeconds(30);
            o.Languages = [FastCompile];
        });
        var quick = await sandbox.ExecuteAsync(new ExecutionRequest(FastCompile, "cat /work/artifact"));
        quick.Status.Should().Be(ExecutionStatus.Passed, quick.Stderr);
        quick.Stdout.Should().Be("compiled\n", "the run step sees what the compile step wrote to /work");

        var slow = await sandbox.ExecuteAsync(new ExecutionRequest(FastCompile, "sleep 30") { Timeout = TimeSpan.FromSeconds(1) });
        slow.Status.Should().Be(ExecutionStatus.Timeout);
        slow.Message.Should().Be("wall-clock timeout after 1 s");
    }
}
