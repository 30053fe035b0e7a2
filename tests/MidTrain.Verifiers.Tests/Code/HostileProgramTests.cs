using System.Net;
using System.Net.Sockets;
using MidTrain.Tests;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>
/// Programs that try to escape or exhaust the host. Each test asserts containment, that the host is unchanged, that no
/// process of the program survives, and that the sandbox keeps working afterwards. Limits are small so the suite is cheap.
/// Run against both execution paths: warm sandbox servers and one-shot sandboxes.
/// </summary>
public abstract class HostileProgramTests
{
    private static readonly string Home = Environment.GetEnvironmentVariable("HOME") ?? "/root";

    /// <summary>Whether the sandbox under test uses warm servers.</summary>
    protected abstract bool Warm { get; }

    private CodeSandbox CreateSandbox() => SandboxTestKit.Create(o => o.WarmStart = Warm);

    private static async Task<ExecutionResult> RunContainedAsync(CodeSandbox sandbox, string code, TimeSpan? timeout = null, int? memoryMb = null)
    {
        var result = await Deadline.Within(
            sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, code) { Timeout = timeout ?? TimeSpan.FromSeconds(3), MemoryMb = memoryMb }),
            TimeSpan.FromSeconds(30),
            "hostile execution");
        result.SandboxFailure.Should().BeFalse(result.Message);
        (await SandboxTestKit.SurvivorsAfterGraceAsync(SandboxTestKit.SandboxSurvivors)).Should().BeEmpty("nothing of the program may outlive it");
        var after = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "print('still ok')"));
        after.Status.Should().Be(ExecutionStatus.Passed, "the sandbox keeps working: " + System.Text.Json.JsonSerializer.Serialize(after));
        after.Stdout.Should().Be("still ok\n");
        sandbox.WarmExecutions.Should().Be(sandbox.IsWarm ? 2 : 0, "the path under test ran, not a fallback");
        return result;
    }

    [SkippableFact]
    public async Task Network_ConnectToHostLoopbackListener_IsBlocked()
    {
        using var sandbox = CreateSandbox();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var code = $$"""
            import socket
            for host in ['127.0.0.1', 'localhost']:
                try:
                    s = socket.create_connection((host, {{port}}), timeout=2)
                    print('CONNECTED', host)
                except Exception as e:
                    print('BLOCKED', host, type(e).__name__)
            """;
        var result = await RunContainedAsync(sandbox, code);
        result.Stdout.Should().NotContain("CONNECTED").And.Contain("BLOCKED 127.0.0.1");
        listener.Pending().Should().BeFalse("no connection may reach the host's listener");
    }

    [SkippableFact]
    public async Task Filesystem_WriteOutsideWorkDir_HostUnchanged()
    {
        using var sandbox = CreateSandbox();
        var marker = "midtrain-pwned-" + Guid.NewGuid().ToString("N");
        var targets = new[]
        {
            Path.Combine(TestPaths.RepoRoot, marker),
            Path.Combine("/tmp", marker),
            Path.Combine(Home, marker),
            Path.Combine(Path.GetTempPath(), marker),
        };
        var code = $$"""
            import os
            for p in {{"['" + string.Join("', '", targets) + "', '/usr/" + marker + "', '/src/" + marker + "']"}}:
                try:
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    with open(p, 'w') as f:
                        f.write('pwned')
                    print('WROTE', p)
                except Exception as e:
                    print('DENIED', p, type(e).__name__)
            open('/work/ok', 'w').write('fine')
            print('WORK', open('/work/ok').read())
            """;
        var result = await RunContainedAsync(sandbox, code);
        result.Stdout.Should().Contain("WORK fine", "the private work dir is writable");
        result.Stdout.Should().Contain("DENIED /usr/").And.Contain("DENIED /src/");
        foreach (var target in targets)
        {
            File.Exists(target).Should().BeFalse($"{target} is on the host and must not be written");
        }
    }

    [SkippableFact]
    public async Task Filesystem_FillEveryWritablePlace_BoundedBySizeCaps()
    {
        using var sandbox = CreateSandbox();
        var code = """
            import os
            chunk = b'x' * (1 << 20)
            for d in ['/', '/dev', '/dev/shm', '/tmp', '/work', '/src', '/proc']:
                total = 0
                try:
                    for i in range(200):
                        with open(os.path.join(d, f'fill{i}'), 'wb') as f:
                            f.write(chunk)
                        total += len(chunk)
                except OSError as e:
                    pass
                print(d, total >> 20)
            """;
        var result = await RunContainedAsync(sandbox, code, timeout: TimeSpan.FromSeconds(10));
        var written = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        written.Should().HaveCount(7, result.Stderr);
        written["/"].Should().Be(0);
        written["/dev"].Should().Be(0);
        written["/src"].Should().Be(0);
        written["/proc"].Should().Be(0);
        foreach (var capped in new[] { "/dev/shm", "/tmp", "/work" })
        {
            written[capped].Should().BeInRange(1, 16, $"{capped} is a 16 MiB tmpfs");
        }
    }

    [SkippableFact]
    public async Task Environment_SecretSetInParent_NotVisible()
    {
        using var sandbox = CreateSandbox();
        var secret = "sk-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("MIDTRAIN_TEST_API_KEY", secret);
        try
        {
            var code = """
                import os
                print(dict(os.environ))
                for pid in os.listdir('/proc'):
                    if pid.isdigit():
                        try:
                            print(open(f'/proc/{pid}/environ', 'rb').read())
                        except Exception as e:
                            print('no environ', pid, e)
                """;
            var result = await RunContainedAsync(sandbox, code);
            (result.Stdout + result.Stderr).Should().NotContain(secret);
            result.Stdout.Should().Contain("'HOME': '/work'").And.NotContain("MIDTRAIN_TEST_API_KEY");
        }
        finally
        {
            Environment.SetEnvironmentVariable("MIDTRAIN_TEST_API_KEY", null);
        }
    }

    [SkippableFact]
    public async Task Filesystem_ReadHostHomeAndProject_NotVisible()
    {
        using var sandbox = CreateSandbox();
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var secretFile = Path.Combine(Home, ".midtrain-test-secret-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(secretFile, secret);
        try
        {
            var solution = Path.Combine(TestPaths.RepoRoot, "MidTrain.sln");
            var code = $$"""
                import os
                for p in ['{{secretFile}}', '{{solution}}', '/proc/1/root/{{secretFile}}', '/etc/shadow', '/etc/passwd']:
                    try:
                        print('READ', p, open(p).read()[:200])
                    except Exception as e:
                        print('DENIED', p, type(e).__name__)
                for d in ['{{Home}}', '{{TestPaths.RepoRoot}}', '/work/..', '/']:
                    try:
                        print('LIST', d, sorted(os.listdir(d)))
                    except Exception as e:
                        print('DENIED', d, type(e).__name__)
                """;
            var result = await RunContainedAsync(sandbox, code);
            result.Stdout.Should().NotContain(secret).And.NotContain("Microsoft Visual Studio Solution File").And.NotContain("READ");
            result.Stdout.Should().NotContain("'MidTrain.sln'", "the project directory is not listable");
            File.ReadAllText(secretFile).Should().Be(secret);
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [SkippableFact]
    public async Task ForkBomb_IsContainedByTheProcessLimitAndKilled()
    {
        using var sandbox = CreateSandbox();
        var code = """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """;
        var result = await RunContainedAsync(sandbox, code, timeout: TimeSpan.FromSeconds(2));
        result.Status.Should().Be(ExecutionStatus.Timeout);
        result.DurationMs.Should().BeLessThan(10_000);
    }

    [SkippableFact]
    public async Task Memory_Allocate10GB_IsMemoryStatus()
    {
        using var sandbox = CreateSandbox();
        var result = await RunContainedAsync(sandbox, "x = bytearray(10 * 1024 ** 3)\nprint(len(x))", memoryMb: 128);
        result.Status.Should().Be(ExecutionStatus.Memory, result.Stderr);
        result.Stdout.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Memory_JavaScriptHeapExhaustion_IsMemoryStatus()
    {
        using var sandbox = CreateSandbox();
        var code = "const keep = []; while (true) { keep.push(new Array(1 << 20).fill(Math.random())); }";
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.JavaScript, code) { MemoryMb = 128, Timeout = TimeSpan.FromSeconds(10) });
        result.Status.Should().Be(ExecutionStatus.Memory, result.Stderr);
        (await SandboxTestKit.SurvivorsAfterGraceAsync(SandboxTestKit.SandboxSurvivors)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task InfiniteLoop_IsTimeoutWithinTheWallClockLimit()
    {
        using var sandbox = CreateSandbox();
        var result = await RunContainedAsync(sandbox, "while True:\n    pass", timeout: TimeSpan.FromSeconds(1));
        result.Status.Should().Be(ExecutionStatus.Timeout);
        result.Message.Should().Contain("timeout");
        result.DurationMs.Should().BeInRange(900, 6000);
    }

    [SkippableFact]
    public async Task Print1GB_OutputIsCappedAndTheProgramKilledEarly()
    {
        using var sandbox = CreateSandbox();
        var code = "import sys\nchunk = 'x' * 65536\nfor _ in range(16384):\n    sys.stdout.write(chunk)\n";
        var result = await RunContainedAsync(sandbox, code, timeout: TimeSpan.FromSeconds(20));
        result.Status.Should().Be(ExecutionStatus.Error);
        result.StdoutTruncated.Should().BeTrue();
        result.Stdout.Length.Should().Be(64 * 1024);
        result.Message.Should().Contain("output over the limit");
        result.DurationMs.Should().BeLessThan(10_000, "the program is killed at the cap, not drained for 1 GB");
    }

    [SkippableFact]
    public async Task DoubleForkDaemon_DoesNotOutliveTheProgram()
    {
        using var sandbox = CreateSandbox();
        var marker = "3600." + Random.Shared.Next(100000, 999999);
        var code = $$"""
            import os
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv('/bin/sleep', ['sleep', '{{marker}}'])
                os._exit(0)
            print('parent exits')
            """;
        var result = await RunContainedAsync(sandbox, code);
        result.Status.Should().Be(ExecutionStatus.Passed, result.Stderr);
        result.DurationMs.Should().BeLessThan(5000, "the run does not wait for the daemon (3600 s)");
        (await SandboxTestKit.SurvivorsAfterGraceAsync(() => SandboxTestKit.ProcessesContaining(marker))).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task KillParent_CannotReachTheHostAndTheSandboxKeepsWorking()
    {
        using var sandbox = CreateSandbox();
        var code = $$"""
            import os, signal
            for pid in [os.getppid(), 1, {{Environment.ProcessId}}]:
                try:
                    os.kill(pid, signal.SIGKILL)
                    print('SENT', pid)
                except Exception as e:
                    print('DENIED', pid, type(e).__name__)
            print('alive')
            """;
        var result = await RunContainedAsync(sandbox, code);
        result.Status.Should().NotBe(ExecutionStatus.Timeout);
        Environment.ProcessId.Should().BePositive("this test process is still here");
    }

    [SkippableFact]
    public async Task CloseOutputsThenHang_IsTimeoutAtTheWallClockLimit()
    {
        using var sandbox = CreateSandbox();
        var result = await RunContainedAsync(sandbox, "import os, time\nos.close(1)\nos.close(2)\ntime.sleep(60)", timeout: TimeSpan.FromSeconds(1));
        result.Status.Should().Be(ExecutionStatus.Timeout);
        result.DurationMs.Should().BeLessThan(5000);
    }

    [SkippableFact]
    public async Task SleepPastTimeout_IsKilledAtTheTimeout()
    {
        using var sandbox = CreateSandbox();
        var result = await RunContainedAsync(sandbox, "import time\ntime.sleep(60)\nprint('woke')", timeout: TimeSpan.FromSeconds(1));
        result.Status.Should().Be(ExecutionStatus.Timeout);
        result.Stdout.Should().BeEmpty();
        result.DurationMs.Should().BeLessThan(5000);
    }
}
