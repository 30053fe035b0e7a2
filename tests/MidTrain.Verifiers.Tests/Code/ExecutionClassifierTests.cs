using System.Text;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

public sealed class ExecutionClassifierTests
{
    private static RawRun Run(int exit, string stderr = "", string stdout = "", bool timedOut = false) =>
        new(exit, timedOut, false, Encoding.UTF8.GetBytes(stdout), false, Encoding.UTF8.GetBytes(stderr), false, 12);

    [Fact]
    public void CompileErrorMessage_LongCompilerOutput_FirstTwelveLinesAndAMark()
    {
        var output = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"main.c:{i}:1: error: problem {i}"));
        var message = ExecutionClassifier.CompileErrorMessage(output);
        message.Should().StartWith("compile error: main.c:1:1: error: problem 1\n").And.Contain("problem 12").And.NotContain("problem 13").And.EndWith("\n…");
    }

    [Fact]
    public void CompileErrorMessage_OneHugeLine_CutAt1200Characters()
    {
        var message = ExecutionClassifier.CompileErrorMessage(new string('x', 10_000));
        message.Length.Should().Be("compile error: ".Length + 1200 + 2);
    }

    [Fact]
    public void CompileFailed_CompilerExitedNonZero_ErrorWithItsMessageAndOutputs()
    {
        var result = ExecutionClassifier.CompileFailed(Run(1, "Main.java:1: error: incompatible types\n1 error\n"), TimeSpan.FromSeconds(60), 1024, sandboxed: true);
        result.Status.Should().Be(ExecutionStatus.Error);
        result.SandboxFailure.Should().BeFalse("a compile error is the program's fault: the verdict is fail");
        result.ExitCode.Should().Be(1);
        result.Message.Should().Be("compile error: Main.java:1: error: incompatible types\n1 error");
    }

    [Fact]
    public void CompileFailed_TimedOut_TimeoutOfTheCompileStep()
    {
        var result = ExecutionClassifier.CompileFailed(Run(137, timedOut: true), TimeSpan.FromSeconds(2.5), 1024, sandboxed: true);
        result.Status.Should().Be(ExecutionStatus.Timeout);
        result.Message.Should().Be("compile step: wall-clock timeout after 2.5 s");
    }

    [Theory]
    [InlineData(125, "midtrain sandbox: cannot start the step: OSError(1)\n", ExecutionStatus.Error, true)]
    [InlineData(125, "some program's own message\n", ExecutionStatus.Failed, false)]
    [InlineData(1, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n", ExecutionStatus.Memory, false)]
    [InlineData(134, "memory allocation of 1048576 bytes failed\n", ExecutionStatus.Memory, false)]
    [InlineData(139, "", ExecutionStatus.Error, false)]
    public void Classify_WarmRunStep_StatusAndWhetherTheSandboxFailed(int exit, string stderr, ExecutionStatus status, bool sandboxFailure)
    {
        var result = ExecutionClassifier.Classify(Run(exit, stderr), TimeSpan.FromSeconds(5), 1024, sandboxed: true, oneShot: false);
        result.Status.Should().Be(status);
        result.SandboxFailure.Should().Be(sandboxFailure);
    }

    [Fact]
    public void ClassifyWarm_ServerError_SandboxFailureNamingIt()
    {
        var result = ExecutionClassifier.ClassifyWarm(Plan(compile: false), [Run(0)], "server died", 1024);
        result.Status.Should().Be(ExecutionStatus.Error);
        result.SandboxFailure.Should().BeTrue();
        result.Message.Should().Be("sandbox server: server died");
    }

    [Fact]
    public void ClassifyWarm_NoStepRan_SandboxFailure()
    {
        var result = ExecutionClassifier.ClassifyWarm(Plan(compile: false), [], null, 1024);
        result.SandboxFailure.Should().BeTrue();
        result.Message.Should().Be("sandbox server: no step ran");
    }

    [Fact]
    public void ClassifyWarm_CompileStepFailed_CompileErrorOfThatStep()
    {
        var result = ExecutionClassifier.ClassifyWarm(Plan(compile: true), [Run(1, "main.c:1: error: expected ';'\n")], null, 1024);
        result.Status.Should().Be(ExecutionStatus.Error);
        result.CompileFailed.Should().BeTrue();
        result.SandboxFailure.Should().BeFalse("a compile error is the program's fault");
        result.Message.Should().Be("compile error: main.c:1: error: expected ';'");
    }

    [Fact]
    public void ClassifyWarm_CompiledButTheRunStepNeverRan_SandboxFailure()
    {
        var result = ExecutionClassifier.ClassifyWarm(Plan(compile: true), [Run(0)], null, 1024);
        result.SandboxFailure.Should().BeTrue();
        result.Message.Should().Be("sandbox server: the program did not run");
    }

    [Fact]
    public void ClassifyWarm_RunStepTimedOut_TimeoutOfTheRunStepLimit()
    {
        var result = ExecutionClassifier.ClassifyWarm(Plan(compile: true), [Run(0), Run(137, timedOut: true)], null, 1024);
        result.Status.Should().Be(ExecutionStatus.Timeout);
        result.CompileFailed.Should().BeFalse();
        result.Message.Should().Be("wall-clock timeout after 3 s", "the run step's limit applies, not the compile step's (7 s)");
    }

    [Fact]
    public void ClassifyWarm_RunStepPassed_ItsOutput()
    {
        var result = ExecutionClassifier.ClassifyWarm(Plan(compile: false), [Run(0, stdout: "42\n")], null, 1024);
        result.Status.Should().Be(ExecutionStatus.Passed);
        result.Stdout.Should().Be("42\n");
        result.Sandboxed.Should().BeTrue();
    }

    private static ExecutionPlan Plan(bool compile)
    {
        var limits = new ProcessLimits(1, 1 << 30, 64, 1 << 20, 64);
        var environment = new Dictionary<string, string>();
        var run = new SandboxStep(["/work/main"], TimeSpan.FromSeconds(3), limits, environment, IsCompile: false, RunsInServer: false);
        var steps = compile
            ? new[] { new SandboxStep(["cc", "main.c"], TimeSpan.FromSeconds(7), limits, environment, IsCompile: true, RunsInServer: false), run }
            : new[] { run };
        return new ExecutionPlan("main.c", "int main(void) { return 0; }", null, steps);
    }
}
