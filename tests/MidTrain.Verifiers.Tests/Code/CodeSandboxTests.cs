using Microsoft.Extensions.Logging;
using MidTrain.Tests;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

[Collection(SandboxTestKit.Collection)]
public sealed class CodeSandboxTests
{
    [SkippableFact]
    public async Task ExecuteAsync_PythonHello_PassedWithStdout()
    {
        using var sandbox = SandboxTestKit.Create();
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "print('hello', 6 * 7)"));
        result.Status.Should().Be(ExecutionStatus.Passed, result.Stderr);
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Be("hello 42\n");
        result.Sandboxed.Should().BeTrue();
    }

    [SkippableFact]
    public async Task ExecuteAsync_JavaScript_RunsUnderNode()
    {
        using var sandbox = SandboxTestKit.Create();
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.JavaScript, "const fs = require('fs'); console.log([1,2,3].map(x => x * 2).join(','));"));
        result.Status.Should().Be(ExecutionStatus.Passed, result.Stderr);
        result.Stdout.Should().Be("2,4,6\n");
    }

    [SkippableFact]
    public async Task ExecuteAsync_FailedAssertion_FailedWithExitCodeAndTraceback()
    {
        using var sandbox = SandboxTestKit.Create();
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "assert 1 + 1 == 3, 'math is broken'"));
        result.Status.Should().Be(ExecutionStatus.Failed);
        result.ExitCode.Should().Be(1);
        result.Signal.Should().BeNull();
        result.Stderr.Should().Contain("AssertionError: math is broken");
        result.Message.Should().Contain("AssertionError");
    }

    [SkippableFact]
    public async Task ExecuteAsync_Stdin_IsFedToTheProgram()
    {
        using var sandbox = SandboxTestKit.Create();
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))") { Stdin = "1 2 3\n4\n" });
        result.Stdout.Should().Be("10\n");
    }

    [SkippableFact]
    public async Task ExecuteAsync_KilledBySignal_ErrorWithSignalName()
    {
        using var sandbox = SandboxTestKit.Create();
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"));
        result.Status.Should().Be(ExecutionStatus.Error);
        result.Signal.Should().Be("SIGSEGV");
        result.ExitCode.Should().BeNull();
    }

    [SkippableFact]
    public async Task ExecuteAsync_LanguageWithCompileStep_SyntaxErrorIsCompileError()
    {
        var checkedPython = CodeLanguages.Python with
        {
            Name = "python-checked",
            Aliases = [],
            CompileArguments = ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", "{file}"],
        };
        using var sandbox = SandboxTestKit.Create(o => o.Languages = [checkedPython]);
        var bad = await sandbox.ExecuteAsync(new ExecutionRequest(checkedPython, "def f(:\n  pass"));
        bad.Status.Should().Be(ExecutionStatus.Error);
        bad.Message.Should().StartWith("compile error: ").And.Contain("SyntaxError");
        bad.Stderr.Should().Contain("SyntaxError");

        var good = await sandbox.ExecuteAsync(new ExecutionRequest(checkedPython, "print('compiled')"));
        good.Status.Should().Be(ExecutionStatus.Passed, good.Stderr);
        good.Stdout.Should().Be("compiled\n");
    }

    [SkippableFact]
    public async Task ExecuteAsync_ManyConcurrent_OwnOutputsAndExactlyTheLimitAtOnce()
    {
        using var sandbox = SandboxTestKit.Create(o => o.MaxConcurrency = 2);

        // Each program reports when it ran on the host's monotonic clock (sandboxes share it: no time namespace).
        var tasks = Enumerable.Range(0, 8).Select(i => sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python,
            $"import os, time\nstart = time.monotonic()\nopen('/work/f','w').write('{i}')\ntime.sleep(0.4)\nprint(open('/work/f').read(), os.listdir('/work'))\nprint(start, time.monotonic())"))).ToArray();
        var results = await Deadline.Within(Task.WhenAll(tasks), TimeSpan.FromSeconds(60));

        var spans = new List<(double Start, double End)>();
        for (var i = 0; i < results.Length; i++)
        {
            var lines = results[i].Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().HaveCount(2, results[i].Stderr);
            lines[0].Should().Be($"{i} ['f']", "each execution has a fresh private /work");
            var times = lines[1].Split(' ').Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            spans.Add((times[0], times[1]));
        }

        // The most programs running at one moment: at most the limit, and the limit is used (they do run side by side).
        var events = spans.SelectMany(s => new[] { (At: s.Start, Change: 1), (At: s.End, Change: -1) }).OrderBy(e => e.At).ThenBy(e => e.Change);
        var running = 0;
        var most = 0;
        foreach (var e in events)
        {
            running += e.Change;
            most = System.Math.Max(most, running);
        }

        most.Should().Be(2, "MaxConcurrency is 2 and each program runs for 0.4 s (spans: {0})", string.Join(", ", spans.Select(s => $"{s.Start:0.000}-{s.End:0.000}")));
    }

    [SkippableFact]
    public async Task ExecuteAsync_Cancelled_ThrowsAndLeavesNothingRunning()
    {
        using var sandbox = SandboxTestKit.Create();
        var marker = "4242." + Random.Shared.Next(100000, 999999);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var act = () => sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, $"import os\nos.execv('/bin/sleep', ['sleep', '{marker}'])"), cts.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        (await SandboxTestKit.SurvivorsAfterGraceAsync(() => SandboxTestKit.ProcessesContaining(marker))).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task ExecuteAsync_InterpreterInAPrivateDirectory_SandboxFailureSayingWhy()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && ExecutableLocator.IsRoot(), "only as root on Linux is the sandbox entered as another user");
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var dir = MidTrain.Tests.TestPaths.NewTempDir();
        try
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var fake = Path.Combine(dir, "bin", "python3");
            Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
            File.WriteAllText(fake, "#!/bin/sh\necho \"$0\"\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var sandbox = SandboxTestKit.Create(o => o.Interpreters = new Dictionary<string, string> { ["python"] = fake });

            var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "print(1)"));

            result.SandboxFailure.Should().BeTrue();
            result.Message.Should().Contain("cannot reach").And.Contain("/usr/bin/python3");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Create_BubblewrapMissing_RefusesWithClearMessage()
    {
        var act = () => CodeSandbox.Create(new SandboxOptions { BubblewrapPath = "/nonexistent/bwrap" });
        act.Should().Throw<SandboxUnavailableException>()
            .Which.Message.Should().Contain("bubblewrap").And.Contain("apt-get install -y bubblewrap").And.Contain(SandboxOptions.UnsandboxedVariable);
    }

    [Fact]
    public async Task Create_BubblewrapMissingButUnsandboxedOptIn_RunsAndWarnsOnEveryExecution()
    {
        var logger = new ListLogger();
        using var sandbox = CodeSandbox.Create(new SandboxOptions { BubblewrapPath = "/nonexistent/bwrap", Unsandboxed = true, DefaultTimeout = TimeSpan.FromSeconds(5) }, logger);
        sandbox.IsSandboxed.Should().BeFalse();
        var before = logger.Warnings.Count;
        var first = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "import os\nprint(os.environ.get('MIDTRAIN_NOT_SET', 'clean'))"));
        await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "print(2)"));
        first.Status.Should().Be(ExecutionStatus.Passed, first.Stderr);
        first.Sandboxed.Should().BeFalse();
        logger.Warnings.Count.Should().Be(before + 2, "every unsandboxed execution warns");
        logger.Warnings.Should().OnlyContain(w => w.Contains("UNSANDBOXED", StringComparison.Ordinal));
    }

    internal sealed class ListLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
