using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Runs untrusted programs, each in a fresh bubblewrap sandbox: own user, PID, network, IPC, UTS and mount namespaces
/// (no network at all, not even the host's loopback), read-only system directories and nothing else of the host
/// (no home, no project directory, no host <c>/proc</c> or <c>/tmp</c>), the program in a read-only <c>/src</c>, a
/// private size-capped tmpfs as writable <c>/work</c>, <c>/tmp</c> and <c>/dev/shm</c> (everything else read-only), an environment cleared to a minimal allow-list,
/// rlimits (CPU time, address space, processes, file size, open files, no core dumps), a wall-clock timeout that kills
/// the whole tree (killing bubblewrap ends the PID namespace, so double-forked daemons die too) and capped output.
/// When the host runs as root the sandbox is entered as an unprivileged user (<see cref="SandboxOptions.SandboxUserId"/>).
/// At most <see cref="SandboxOptions.MaxConcurrency"/> executions run at once; nothing is reused between them.
/// Thread-safe: call <see cref="ExecuteAsync"/> from any number of threads.
/// </summary>
public sealed class CodeSandbox : IDisposable
{
    private const string SourceDir = "/src";
    private const string WorkDir = "/work";
    private const int CompileFailedExitCode = 97;
    private const string CompileFailedMarker = "midtrain: compile step failed";

    private static readonly string[] MemoryMarkers =
    [
        "MemoryError", "out of memory", "Cannot allocate memory", "std::bad_alloc", "heap out of memory", "ENOMEM",
    ];

    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pool;
    private readonly InterpreterResolver _interpreters;
    private readonly string? _bwrap;
    private readonly string? _prlimit;
    private readonly string? _setpriv;
    private readonly string _tempRoot;

    private CodeSandbox(SandboxOptions options, ILogger logger, string? bwrap, string? prlimit, string? setpriv)
    {
        _options = options;
        _logger = logger;
        _bwrap = bwrap;
        _prlimit = prlimit;
        _setpriv = setpriv;
        _pool = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _interpreters = new InterpreterResolver(options.Interpreters, options.ReadOnlyPaths);
        _tempRoot = options.TempRoot ?? Path.GetTempPath();
    }

    /// <summary>Whether programs run inside bubblewrap (false only in the explicit unsandboxed mode).</summary>
    public bool IsSandboxed => !_options.Unsandboxed;

    /// <summary>How many executions may run at once.</summary>
    public int MaxConcurrency => _options.MaxConcurrency;

    /// <summary>The languages this sandbox can run.</summary>
    public IReadOnlyList<CodeLanguage> Languages => _options.Languages;

    /// <summary>The default wall-clock limit.</summary>
    public TimeSpan DefaultTimeout => _options.DefaultTimeout;

    /// <summary>
    /// Creates a sandbox after checking that bubblewrap, prlimit (and setpriv when running as root) exist and that a
    /// trivial sandbox actually starts. Throws <see cref="SandboxUnavailableException"/> with the reason and the fix
    /// when they do not, unless <see cref="SandboxOptions.Unsandboxed"/> is set (then a warning is logged here and on
    /// every execution).
    /// </summary>
    public static CodeSandbox Create(SandboxOptions? options = null, ILogger? logger = null)
    {
        options = (options ?? new SandboxOptions()).Clone();
        options.Validate();
        logger ??= NullLogger.Instance;
        var prlimit = ExecutableLocator.Find(options.PrlimitPath);
        if (options.Unsandboxed)
        {
            logger.LogWarning("Code execution is UNSANDBOXED ({Variable} / SandboxOptions.Unsandboxed): untrusted programs run as plain processes with access to this machine's files and network.", SandboxOptions.UnsandboxedVariable);
            return new CodeSandbox(options, logger, null, prlimit, null);
        }

        const string fix = "install it (apt-get install -y bubblewrap util-linux) or, knowing that programs then run WITHOUT isolation, opt into the unsandboxed mode (" + SandboxOptions.UnsandboxedVariable + "=1)";
        var bwrap = ExecutableLocator.Find(options.BubblewrapPath)
            ?? throw new SandboxUnavailableException($"code execution refused: bubblewrap ('{options.BubblewrapPath}') was not found, and untrusted code is never run without a sandbox; {fix}.");
        if (prlimit is null)
        {
            throw new SandboxUnavailableException($"code execution refused: prlimit ('{options.PrlimitPath}') was not found, so resource limits cannot be set; {fix}.");
        }

        string? setpriv = null;
        if (ExecutableLocator.IsRoot())
        {
            setpriv = ExecutableLocator.Find(options.SetprivPath)
                ?? throw new SandboxUnavailableException($"code execution refused: running as root needs setpriv ('{options.SetprivPath}') to drop to an unprivileged user; {fix}.");
        }

        var sandbox = new CodeSandbox(options, logger, bwrap, prlimit, setpriv);
        sandbox.SelfTest();
        return sandbox;
    }

    /// <summary>Finds a language of this sandbox by name or alias; null when unknown.</summary>
    public CodeLanguage? FindLanguage(string name) => CodeLanguages.Find(_options.Languages, name);

    /// <summary>
    /// Runs <paramref name="request"/> and classifies the outcome. Problems of the program are results, never
    /// exceptions; only cancellation throws (after the process tree is killed).
    /// </summary>
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _pool.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExecuteCoreAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pool.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _pool.Dispose();

    private async Task<ExecutionResult> ExecuteCoreAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        var (interpreter, error) = await _interpreters.ResolveAsync(request.Language).ConfigureAwait(false);
        if (interpreter is null)
        {
            return new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Message = error, Sandboxed = IsSandboxed };
        }

        if (_setpriv is not null && UnreachableBind(interpreter) is { } hidden)
        {
            return new ExecutionResult
            {
                Status = ExecutionStatus.Error,
                SandboxFailure = true,
                Sandboxed = true,
                Message = $"the {request.Language.Name} interpreter {interpreter.Executable} needs {hidden}, which the unprivileged sandbox user ({_options.SandboxUserId}) cannot reach; use a system interpreter (e.g. /usr/bin/python3) or one installed in a world-readable prefix",
            };
        }

        var timeout = request.Timeout is { } t && t > TimeSpan.Zero ? (t > _options.MaxTimeout ? _options.MaxTimeout : t) : _options.DefaultTimeout;
        var memoryMb = System.Math.Clamp(request.MemoryMb is > 0 ? request.MemoryMb.Value : _options.DefaultMemoryMb, 1, _options.MaxMemoryMb);

        // A fresh host folder per execution holds only the program; the sandbox sees it read-only.
        var hostDir = Path.Combine(_tempRoot, "midtrain-code-" + Guid.NewGuid().ToString("N"));
        var dirMode = IsSandboxed
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("code execution needs Linux (bubblewrap)");
        }

        Directory.CreateDirectory(hostDir, dirMode);
        try
        {
            var programPath = Path.Combine(hostDir, request.Language.FileName);
            await File.WriteAllTextAsync(programPath, request.Source, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            if (IsSandboxed)
            {
                File.SetUnixFileMode(programPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            else
            {
                _logger.LogWarning("UNSANDBOXED execution of a {Language} program: it can read and write this machine's files and use its network.", request.Language.Name);
            }

            var psi = IsSandboxed
                ? BuildSandboxed(request.Language, interpreter, hostDir, timeout, memoryMb)
                : BuildUnsandboxed(request.Language, interpreter, hostDir, timeout, memoryMb);
            RawRun raw;
            try
            {
                raw = await ProcessRunner.RunAsync(psi, request.Stdin, timeout, _options.MaxOutputBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Message = $"could not start {psi.FileName}: {ex.Message}", Sandboxed = IsSandboxed };
            }

            return Classify(raw, timeout);
        }
        finally
        {
            TryDelete(hostDir);
        }
    }

    /// <summary>The first directory the sandbox must bind that "others" cannot traverse (e.g. under a 0700 home), or null.</summary>
    private static string? UnreachableBind(ResolvedInterpreter interpreter)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        foreach (var path in interpreter.BindPaths)
        {
            for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
            {
                if (dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                {
                    return path;
                }
            }
        }

        return null;
    }

    private ExecutionResult Classify(RawRun raw, TimeSpan timeout)
    {
        var stdout = Encoding.UTF8.GetString(raw.Stdout);
        var stderr = Encoding.UTF8.GetString(raw.Stderr);
        int? exitCode = raw.ExitCode;
        string? signal = null;
        var signalNumber = 0;
        if (raw.ExitCode > 128 && raw.ExitCode < 128 + 65)
        {
            // Both .NET and bubblewrap report death by signal N as 128 + N.
            signalNumber = raw.ExitCode - 128;
            signal = SignalNames.Name(signalNumber);
            exitCode = null;
        }

        var result = new ExecutionResult
        {
            Status = ExecutionStatus.Passed,
            ExitCode = exitCode,
            Signal = signal,
            DurationMs = System.Math.Round(raw.DurationMs, 1),
            Stdout = stdout,
            Stderr = stderr,
            StdoutTruncated = raw.StdoutTruncated,
            StderrTruncated = raw.StderrTruncated,
            Sandboxed = IsSandboxed,
        };

        var tail = stderr.Length > 4096 ? stderr[^4096..] : stderr;
        if (raw.TimedOut)
        {
            return result with { Status = ExecutionStatus.Timeout, Message = $"wall-clock timeout after {timeout.TotalSeconds:0.###} s" };
        }

        if (raw.OutputLimitExceeded)
        {
            return result with { Status = ExecutionStatus.Error, Message = $"output over the limit of {_options.MaxOutputBytes} bytes; the program was killed" };
        }

        if (IsSandboxed && raw.ExitCode == 1 && stderr.StartsWith("bwrap: ", StringComparison.Ordinal))
        {
            return result with { Status = ExecutionStatus.Error, SandboxFailure = true, Message = "sandbox failed to start: " + FirstLine(stderr) };
        }

        if (signalNumber == SignalNames.CpuLimit)
        {
            return result with { Status = ExecutionStatus.Timeout, Message = "CPU-time limit exceeded" };
        }

        if (raw.ExitCode != 0 && MemoryMarkers.Any(m => tail.Contains(m, StringComparison.Ordinal)))
        {
            return result with { Status = ExecutionStatus.Memory, Message = "memory limit exceeded" };
        }

        if (raw.ExitCode == CompileFailedExitCode && stderr.Contains(CompileFailedMarker, StringComparison.Ordinal))
        {
            return result with { Status = ExecutionStatus.Error, Message = "compile error" };
        }

        if (signal is not null)
        {
            return result with { Status = ExecutionStatus.Error, Message = $"killed by {signal}" };
        }

        return raw.ExitCode == 0
            ? result
            : result with { Status = ExecutionStatus.Failed, Message = $"exit code {raw.ExitCode}" + (tail.Length > 0 ? ": " + LastLine(tail) : "") };
    }

    private ProcessStartInfo BuildSandboxed(CodeLanguage language, ResolvedInterpreter interpreter, string hostDir, TimeSpan timeout, int memoryMb)
    {
        ProcessStartInfo psi;
        if (_setpriv is not null)
        {
            psi = new ProcessStartInfo(_setpriv);
            foreach (var a in new[] { $"--reuid={_options.SandboxUserId}", $"--regid={_options.SandboxUserId}", "--clear-groups", "--", _bwrap! })
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi = new ProcessStartInfo(_bwrap!);
        }

        var args = psi.ArgumentList;
        void Add(params string[] items)
        {
            foreach (var item in items)
            {
                args.Add(item);
            }
        }

        Add("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox");
        foreach (var path in _options.ReadOnlyPaths)
        {
            Add("--ro-bind-try", path, path);
        }

        // Merged-/usr systems have /bin → usr/bin etc.; mirror what the host has.
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32" })
        {
            var info = new DirectoryInfo(top);
            if (info.LinkTarget is { } target)
            {
                Add("--symlink", target, top);
            }
            else if (info.Exists)
            {
                Add("--ro-bind", top, top);
            }
        }

        foreach (var path in interpreter.BindPaths)
        {
            Add("--ro-bind", path, path);
        }

        var tmpfsBytes = ((long)_options.WorkDirSizeMb << 20).ToString(CultureInfo.InvariantCulture);
        Add("--proc", "/proc", "--dev", "/dev", "--size", tmpfsBytes, "--tmpfs", "/dev/shm");
        Add("--size", tmpfsBytes, "--tmpfs", "/tmp", "--size", tmpfsBytes, "--tmpfs", WorkDir);
        Add("--ro-bind", hostDir, SourceDir);

        // bubblewrap's own root and /dev are unbounded tmpfs mounts: read-only, so that only the size-capped
        // /work, /tmp and /dev/shm take writes (files there live in host memory).
        Add("--remount-ro", "/dev", "--remount-ro", "/");
        Add("--chdir", WorkDir, "--clearenv");
        foreach (var (key, value) in Environment(language, WorkDir))
        {
            Add("--setenv", key, value);
        }

        Add("--");
        AddLimitedCommand(args, language, interpreter.Executable, SourceDir + "/" + language.FileName, WorkDir, timeout, memoryMb);
        psi.WorkingDirectory = "/";
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        return psi;
    }

    private ProcessStartInfo BuildUnsandboxed(CodeLanguage language, ResolvedInterpreter interpreter, string hostDir, TimeSpan timeout, int memoryMb)
    {
        var file = Path.Combine(hostDir, language.FileName);
        ProcessStartInfo psi;
        if (_prlimit is not null)
        {
            psi = new ProcessStartInfo(_prlimit);
            AddLimitedCommand(psi.ArgumentList, language, interpreter.Executable, file, hostDir, timeout, memoryMb, includePrlimit: false);
        }
        else
        {
            psi = new ProcessStartInfo(interpreter.Executable);
            foreach (var a in Expand(language.MemoryArguments.Concat(language.RunArguments), file, hostDir, memoryMb))
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.WorkingDirectory = hostDir;
        psi.Environment.Clear();
        foreach (var (key, value) in Environment(language, hostDir))
        {
            psi.Environment[key] = value;
        }

        return psi;
    }

    private void AddLimitedCommand(
        IList<string> args, CodeLanguage language, string executable, string file, string workDir, TimeSpan timeout, int memoryMb, bool includePrlimit = true)
    {
        var cpuSeconds = (long)System.Math.Ceiling(timeout.TotalSeconds) + 1;
        var addressSpace = (long)(memoryMb + language.AddressSpaceOverheadMb) << 20;
        if (includePrlimit)
        {
            args.Add(_prlimit!);
        }

        args.Add($"--cpu={cpuSeconds}");
        args.Add($"--as={addressSpace}");
        args.Add($"--nproc={_options.MaxProcesses}");
        args.Add($"--fsize={_options.MaxFileSizeBytes}");
        args.Add($"--nofile={_options.MaxOpenFiles}");
        args.Add("--core=0");
        args.Add("--");
        var run = Expand(language.MemoryArguments.Concat(language.RunArguments), file, workDir, memoryMb).ToList();
        if (language.CompileArguments is null)
        {
            args.Add(executable);
            foreach (var a in run)
            {
                args.Add(a);
            }

            return;
        }

        var compile = Expand(language.CompileArguments, file, workDir, memoryMb);
        var script = $"{Quote(executable)} {string.Join(' ', compile.Select(Quote))} || {{ echo {Quote(CompileFailedMarker)} >&2; exit {CompileFailedExitCode}; }}; " +
                     $"exec {Quote(executable)} {string.Join(' ', run.Select(Quote))}";
        args.Add("/bin/sh");
        args.Add("-c");
        args.Add(script);
    }

    private static IEnumerable<string> Expand(IEnumerable<string> arguments, string file, string workDir, int memoryMb) =>
        arguments.Select(a => a
            .Replace("{file}", file, StringComparison.Ordinal)
            .Replace("{workdir}", workDir, StringComparison.Ordinal)
            .Replace("{memory_mb}", memoryMb.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    private static IEnumerable<KeyValuePair<string, string>> Environment(CodeLanguage language, string home)
    {
        // The allow-list: nothing of the parent's environment (API keys, tokens) is passed on.
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home,
            ["TMPDIR"] = "/tmp",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
        };
        foreach (var (key, value) in language.Environment)
        {
            env[key] = value;
        }

        return env;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? s : s[..i]).Trim();
    }

    private static string LastLine(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length == 0 ? "" : lines[^1];
        return last.Length > 300 ? last[..300] : last;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void SelfTest()
    {
        var psi = new ProcessStartInfo(_setpriv ?? _bwrap!);
        if (_setpriv is not null)
        {
            foreach (var a in new[] { $"--reuid={_options.SandboxUserId}", $"--regid={_options.SandboxUserId}", "--clear-groups", "--", _bwrap! })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in new[] { "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--tmpfs", WorkDir, "--", _prlimit!, "--nofile=64", "--", "/bin/sh", "-c", "exit 0" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.WorkingDirectory = "/";
        string detail;
        try
        {
            var raw = ProcessRunner.RunAsync(psi, null, TimeSpan.FromSeconds(20), 4096, CancellationToken.None).GetAwaiter().GetResult();
            if (raw.ExitCode == 0)
            {
                return;
            }

            detail = $"exit {raw.ExitCode}: {FirstLine(Encoding.UTF8.GetString(raw.Stderr))}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            detail = ex.Message;
        }

        throw new SandboxUnavailableException(
            $"code execution refused: bubblewrap ({_bwrap}) is installed but a test sandbox did not start ({detail}); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces). Fix the host or, knowing that programs then run WITHOUT isolation, set {SandboxOptions.UnsandboxedVariable}=1.");
    }
}
