using System.Diagnostics;
using MidTrain.Tests;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>
/// What the warm servers must guarantee beyond the hostile suite: nothing one program changes is visible to the next
/// one run by the same server, each program starts with no capability and no inherited descriptor, a server is reused,
/// and a server that dies mid-program turns that program into an error and is replaced.
/// </summary>
[Collection(SandboxTestKit.Collection)]
public sealed class WarmSandboxTests
{
    /// <summary>One server: every program of a test runs in the same warm server, one after the other.</summary>
    private static CodeSandbox CreateSingleServer() => SandboxTestKit.Create(o => o.MaxConcurrency = 1);

    private static async Task<ExecutionResult> RunAsync(CodeSandbox sandbox, string code)
    {
        var result = await Deadline.Within(sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, code)), TimeSpan.FromSeconds(30), "warm execution");
        result.Status.Should().Be(ExecutionStatus.Passed, result.Stderr);
        return result;
    }

    [SkippableFact]
    public async Task ExecuteAsync_ProgramChangesGlobalsFilesEnvironmentAndModules_NextProgramSeesNoneOfIt()
    {
        using var sandbox = CreateSingleServer();
        await RunAsync(sandbox, """
            import builtins, json, os, sys, ctypes
            import xml.dom.minidom
            LEAK = 'global'
            builtins.LEAKED_BUILTIN = 'builtin'
            json.LEAKED_ATTRIBUTE = 'module attribute'
            os.getcwd = lambda: '/patched'
            json.dumps = lambda *a, **k: 'patched'
            sys.path.append('/patched')
            os.environ['LEAKED_ENV'] = 'env'
            os.putenv('LEAKED_PUTENV', 'env')
            for d in ['/work', '/tmp', '/dev/shm']:
                open(d + '/leaked', 'w').write('file')
            libc = ctypes.CDLL(None, use_errno=True)
            segment = libc.shmget(0x4D54, 4096, 0o1666)  # IPC_CREAT | 0666
            assert segment >= 0, ctypes.get_errno()
            assert json.dumps({}) == 'patched' and os.getcwd() == '/patched'
            print('changed')
            """);

        var check = await RunAsync(sandbox, """
            import builtins, json, os, sys, ctypes
            problems = []
            if 'LEAK' in globals(): problems.append('global')
            if hasattr(builtins, 'LEAKED_BUILTIN'): problems.append('builtin')
            if hasattr(json, 'LEAKED_ATTRIBUTE'): problems.append('module attribute')
            if os.getcwd() != '/work': problems.append('os.getcwd patched: ' + os.getcwd())
            if json.dumps({'a': 1}) != '{"a": 1}': problems.append('json.dumps patched')
            if '/patched' in sys.path: problems.append('sys.path')
            if 'xml.dom.minidom' in sys.modules: problems.append('module imported by the previous program')
            if 'LEAKED_ENV' in os.environ or os.getenv('LEAKED_PUTENV'): problems.append('environment')
            for d in ['/work', '/tmp', '/dev/shm']:
                if os.listdir(d): problems.append(d + ': ' + ','.join(os.listdir(d)))
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.shmget(0x4D54, 0, 0) >= 0: problems.append('System V shared memory segment')
            print(problems)
            """);
        check.Stdout.Should().Be("[]\n");
        sandbox.WarmExecutions.Should().Be(2);
    }

    [SkippableFact]
    public async Task ExecuteAsync_Program_HasNoCapabilityNoInheritedDescriptorAndItsOwnProcessTree()
    {
        using var sandbox = CreateSingleServer();
        var result = await RunAsync(sandbox, """
            import os
            status = dict(l.split(':\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\t' in l)
            for key in ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp']:
                print(key, status[key].strip())
            fds = sorted(int(fd) for fd in os.listdir('/proc/self/fd'))
            print('fds', fds[:3], len(fds))
            print('user', os.getuid())
            """);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var capability in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
        {
            lines.Should().Contain($"{capability} 0000000000000000");
        }

        lines.Should().Contain("NoNewPrivs 1").And.Contain("Seccomp 2");
        lines.Should().Contain("fds [0, 1, 2] 4", "stdin, stdout, stderr and the descriptor listdir itself opened");
    }

    [SkippableFact]
    public async Task ExecuteAsync_KernelKeyring_IsDenied()
    {
        using var sandbox = CreateSingleServer();
        var result = await RunAsync(sandbox, """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            number = {'x86_64': 248, 'aarch64': 217}[os.uname().machine]   # add_key
            key = libc.syscall(number, b'user', b'midtrain-leak', b'secret', 6, -4)  # KEY_SPEC_USER_KEYRING
            print(key, os.strerror(ctypes.get_errno()))
            """);
        result.Stdout.Should().StartWith("-1 Operation not permitted", "the user keyring outlives a program (it belongs to the server's user namespace)");
    }

    [SkippableFact]
    public async Task ExecuteAsync_SequentialPrograms_ReuseOneServer()
    {
        using var sandbox = CreateSingleServer();
        for (var i = 0; i < 4; i++)
        {
            await RunAsync(sandbox, $"print({i})");
        }

        ServersOfThisProcess().Should().HaveCount(1);
        sandbox.WarmExecutions.Should().Be(4);
    }

    [SkippableFact]
    public async Task ExecuteAsync_ServerKilledWhileTheProgramRuns_ErrorThenANewServerRunsTheNextProgram()
    {
        using var sandbox = CreateSingleServer();
        await RunAsync(sandbox, "print('started the server')");
        var server = ServersOfThisProcess().Should().ContainSingle().Subject;

        var running = sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, "import time\nprint('running', flush=True)\ntime.sleep(30)") { Timeout = TimeSpan.FromSeconds(20) });
        await Deadline.Until(() => SandboxTestKit.SandboxSurvivors().Count > 0, TimeSpan.FromSeconds(10));
        SandboxTestKit.SandboxSurvivors().Should().NotBeEmpty("the program runs (and the survivor probe sees programs of warm servers)");
        Process.GetProcessById(server).Kill();

        var result = await Deadline.Within(running, TimeSpan.FromSeconds(15), "the program whose server died");
        result.Status.Should().Be(ExecutionStatus.Error);
        result.SandboxFailure.Should().BeTrue();
        result.Message.Should().Contain("sandbox server");
        (await SandboxTestKit.SurvivorsAfterGraceAsync(SandboxTestKit.SandboxSurvivors)).Should().BeEmpty();

        var next = await RunAsync(sandbox, "print('next')");
        next.Stdout.Should().Be("next\n");
        ServersOfThisProcess().Should().ContainSingle().Which.Should().NotBe(server);
    }

    [SkippableFact]
    public async Task ExecuteAsync_PythonProgramSemantics_MatchAFreshInterpreter()
    {
        using var sandbox = CreateSingleServer();
        var result = await sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, """
            import atexit, os, sys, threading, time
            atexit.register(lambda: print('atexit ran'))
            threading.Thread(target=lambda: (time.sleep(0.3), print('thread ran'))).start()
            print(__name__, __file__, sys.argv, sys.path[0], os.getcwd(), os.getpid() != 1)
            print(input())
            sys.exit(3)
            """) { Stdin = "line from stdin\n" });
        result.Status.Should().Be(ExecutionStatus.Failed);
        result.ExitCode.Should().Be(3);
        result.Stdout.Should().Be("__main__ /src/main.py ['/src/main.py'] /src /work True\nline from stdin\nthread ran\natexit ran\n");
    }

    /// <summary>Warm servers (pid 1 of a sandbox) whose bubblewrap this test process started.</summary>
    private static List<int> ServersOfThisProcess()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(SandboxTestKit.WarmServerMarker, StringComparison.Ordinal))
                {
                    continue;
                }

                var parent = ParentOf(pid);
                if (File.ReadAllText($"/proc/{parent}/cmdline").Split('\0')[0].EndsWith("bwrap", StringComparison.Ordinal) && ParentOf(parent) == Environment.ProcessId)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    private static int ParentOf(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return int.Parse(line["PPid:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
