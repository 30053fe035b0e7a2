using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

public sealed class ExecutionPlannerTests
{
    private static readonly SandboxOptions Options = new() { CompileMemoryMb = 1500, CompileTimeout = TimeSpan.FromSeconds(45), MaxProcesses = 40 };

    [Fact]
    public void Plan_Go_CompileStepWithItsOwnLimitsThenTheBinary()
    {
        var toolchain = new ResolvedToolchain(null, "/usr/lib/go/bin/go", []);
        var plan = ExecutionPlanner.Plan(new ExecutionRequest(CodeLanguages.Go, "package main") { MemoryMb = 300, Timeout = TimeSpan.FromSeconds(4) }, toolchain, Options, "/src", "/work", ownProcesses: 2, serverInterpreter: "/usr/bin/python3");

        plan.Steps.Should().HaveCount(2);
        var compile = plan.Steps[0];
        compile.IsCompile.Should().BeTrue();
        compile.Arguments.Should().Equal("/usr/lib/go/bin/go", "build", "-o", "/work/main", "/src/main.go");
        compile.Timeout.Should().Be(TimeSpan.FromSeconds(45));
        compile.Limits.Should().Be(new ProcessLimits(46, (1500L + 1024) << 20, 42, Options.MaxFileSizeBytes, Options.MaxOpenFiles));
        compile.Environment["GOCACHE"].Should().Be("/work/.go/cache");
        compile.Environment["GOMEMLIMIT"].Should().Be("1500MiB");

        var run = plan.Run;
        run.IsCompile.Should().BeFalse();
        run.RunsInServer.Should().BeFalse();
        run.Arguments.Should().Equal("/work/main");
        run.Limits.CpuSeconds.Should().Be(5);
        run.Limits.AddressSpaceBytes.Should().Be((300L + 1024) << 20);
        run.Environment["GOMEMLIMIT"].Should().Be("300MiB");
        run.Environment["HOME"].Should().Be("/work");
        plan.TotalTimeout.Should().Be(TimeSpan.FromSeconds(49));
    }

    [Fact]
    public void Plan_Java_HeapFromTheMemoryLimit()
    {
        var toolchain = new ResolvedToolchain("/jdk/bin/java", "/jdk/bin/javac", []);
        var plan = ExecutionPlanner.Plan(new ExecutionRequest(CodeLanguages.Java, "class Main {}") { MemoryMb = 256 }, toolchain, Options, "/src", "/work", 2, null);
        plan.Steps[0].Arguments.Should().StartWith(["/jdk/bin/javac", "-J-Xmx1500m"]).And.EndWith(["-d", "/work", "/src/Main.java"]);
        plan.Run.Arguments.Should().StartWith(["/jdk/bin/java", "-Xmx256m"]).And.EndWith(["-cp", "/work", "Main"]);
    }

    [Theory]
    [InlineData("/usr/bin/python3", true)]
    [InlineData("/opt/other/python3", false)]
    [InlineData(null, false)]
    public void Plan_Python_RunsInTheServerOnlyWithTheServersInterpreter(string? serverInterpreter, bool inServer)
    {
        var toolchain = new ResolvedToolchain("/usr/bin/python3", null, []);
        var plan = ExecutionPlanner.Plan(new ExecutionRequest(CodeLanguages.Python, "print(1)"), toolchain, Options, "/src", "/work", 1, serverInterpreter);
        plan.Steps.Should().ContainSingle();
        plan.Run.RunsInServer.Should().Be(inServer);
        plan.Run.Arguments.Should().Equal("/usr/bin/python3", "-u", "/src/main.py");
        plan.Run.Limits.Processes.Should().Be(41);
    }

    [Fact]
    public void Plan_TimeoutAndMemoryAboveTheMaxima_AreClamped()
    {
        var toolchain = new ResolvedToolchain("/usr/bin/python3", null, []);
        var plan = ExecutionPlanner.Plan(new ExecutionRequest(CodeLanguages.Python, "") { Timeout = TimeSpan.FromHours(1), MemoryMb = 1 << 20 }, toolchain, Options, "/src", "/work", 0, null);
        plan.Run.Timeout.Should().Be(Options.MaxTimeout);
        plan.Run.Limits.AddressSpaceBytes.Should().Be((long)Options.MaxMemoryMb << 20);
    }
}
