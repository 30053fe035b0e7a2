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
}
