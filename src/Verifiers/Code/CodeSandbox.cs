using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Runs untrusted programs in bubblewrap sandboxes: own user, PID, network, IPC, UTS and mount namespaces (no network
/// at all, not even the host's loopback), read-only system directories and nothing else of the host (no home, no
/// project directory, no host <c>/proc</c> or <c>/tmp</c>), the program in a read-only <c>/src</c>, a private
/// size-capped tmpfs as writable <c>/work</c>, <c>/tmp</c> and <c>/dev/shm</c> (everything else read-only), an
/// environment cleared to a minimal allow-list, rlimits (CPU time, address space, processes, file size, open files,
/// no core dumps), a wall-clock timeout that kills every process the program started (daemons included) and capped
/// output. When the host runs as root, sandboxes are entered as an unprivileged user (<see cref="SandboxOptions.SandboxUserId"/>).
/// <para>
/// By default (<see cref="SandboxOptions.WarmStart"/>) programs run through warm sandbox servers: per pool slot, a
/// long-lived sandbox whose already-initialised Python forks one child per program; the child gets fresh
/// <c>/work</c>, <c>/tmp</c>, <c>/dev/shm</c> and <c>/src</c> mounts and IPC namespace, its limits, no capabilities
/// and a seccomp filter, and nothing of it survives the program; Python programs run in the forked interpreter, other
/// languages are executed. Otherwise (or when no server can start) each program gets a fresh one-shot sandbox.
/// Compiled languages run a compile step first, with its own limits; a compile failure is a result with the compiler's
/// message, and the program does not run.
/// </para>
/// At most <see cref="SandboxOptions.MaxConcurrency"/> executions run at once. Thread-safe: call
/// <see cref="ExecuteAsync"/> from any number of threads.
/// </summary>
public sealed class CodeSandbox : IDisposable
{
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pool;
    private readonly ToolchainResolver _toolchains;
    private readonly SandboxCommandLine _commandLine;
    private readonly WarmSandboxPool _servers;
    private readonly ConcurrentDictionary<string, string> _warmFailures = new(StringComparer.Ordinal);
    private readonly bool _asOtherUser;
    private readonly string _tempRoot;
    private long _warmExecutions;

    private CodeSandbox(SandboxOptions options, ILogger logger, string? bwrap, string? prlimit, string? setpriv)
    {
        _options = options;
        _logger = logger;
        _asOtherUser = setpriv is not null;
        _pool = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _toolchains = new ToolchainResolver(options.Interpreters, options.ReadOnlyPaths);
        _commandLine = new SandboxCommandLine(options, bwrap, prlimit, setpriv);
        _servers = new WarmSandboxPool(options.MaxConcurrency, logger);
        _tempRoot = options.TempRoot ?? Path.GetTempPath();
    }

    /// <summary>Whether programs run inside bubblewrap (false only in the explicit unsandboxed mode).</summary>
    public bool IsSandboxed => !_options.Unsandboxed;

    /// <summary>Whether programs run through warm sandbox servers (<see cref="SandboxOptions.WarmStart"/>, sandboxed mode).</summary>
    public bool IsWarm => IsSandboxed && _options.WarmStart;

    /// <summary>How many executions may run at once.</summary>
    public int MaxConcurrency => _options.MaxConcurrency;

    /// <summary>The languages this sandbox knows (see <see cref="GetAvailabilityAsync(CancellationToken)"/> for those installed).</summary>
    public IReadOnlyList<CodeLanguage> Languages => _options.Languages;

    /// <summary>The default wall-clock limit.</summary>
    public TimeSpan DefaultTimeout => _options.DefaultTimeout;

    /// <summary>Executions that ran in a warm server (for tests: proves the warm path ran, not the one-shot fallback).</summary>
    internal long WarmExecutions => Interlocked.Read(ref _warmExecutions);

    /// <summary>
    /// Creates a sandbox after checking that bubblewrap, prlimit (and setpriv when running as root) exist and that a
    /// trivial sandbox actually starts. Throws <see cref="SandboxUnavailableException"/> with the reason and the fix
    /// when they do not, unless <see cref="SandboxOptions.Unsandboxed"/> is set (then a warning is logged here and on
    /// every execution). Starts probing every language's toolchain in the background (logged when one is missing).
    /// </summary>
    public static CodeSandbox Create(SandboxOptions? options = null, ILogger? logger = null)
    {
        options = (options ?? new SandboxOptions()).Clone();
        options.Validate();
        logger ??= NullLogger.Instance;
        var prlimit = ExecutableLocator.Find(options.PrlimitPath);
        CodeSandbox sandbox;
        if (options.Unsandboxed)
        {
            logger.LogWarning("Code execution is UNSANDBOXED ({Variable} / SandboxOptions.Unsandboxed): untrusted programs run as plain processes with access to this machine's files and network.", SandboxOptions.UnsandboxedVariable);
            sandbox = new CodeSandbox(options, logger, null, prlimit, null);
        }
        else
        {
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

            sandbox = new CodeSandbox(options, logger, bwrap, prlimit, setpriv);
            SandboxSelfTest.Run(sandbox._commandLine, bwrap);
        }

        _ = sandbox.ReportUnavailableLanguagesAsync();
        return sandbox;
    }

    /// <summary>Finds a language of this sandbox by name or alias; null when unknown.</summary>
    public CodeLanguage? FindLanguage(string name) => CodeLanguages.Find(_options.Languages, name);

    /// <summary>Whether <paramref name="language"/>'s toolchain is installed and usable by the sandbox (probed once per process).</summary>
    public async Task<LanguageAvailability> GetAvailabilityAsync(CodeLanguage language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(language);
        var (toolchain, error) = await _toolchains.ResolveAsync(language).WaitAsync(cancellationToken).ConfigureAwait(false);
        error ??= Unreachable(language, toolchain!);
        return new LanguageAvailability(language.Name, error is null, error);
    }

    /// <summary>The availability of every language of <see cref="Languages"/>.</summary>
    public async Task<IReadOnlyList<LanguageAvailability>> GetAvailabilityAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(_options.Languages.Select(l => GetAvailabilityAsync(l, cancellationToken))).ConfigureAwait(false);

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
    public void Dispose()
    {
        _servers.Dispose();
        _pool.Dispose();
    }

    private async Task<ExecutionResult> ExecuteCoreAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        var (toolchain, error) = await _toolchains.ResolveAsync(request.Language).ConfigureAwait(false);
        error ??= Unreachable(request.Language, toolchain!);
        if (error is not null)
        {
            return new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Message = error, Sandboxed = IsSandboxed };
        }

        var started = Stopwatch.GetTimestamp();
        var result = (IsWarm ? await ExecuteWarmAsync(request, toolchain!, cancellationToken).ConfigureAwait(false) : null)
            ?? await ExecuteOneShotAsync(request, toolchain!, cancellationToken).ConfigureAwait(false);
        return result with { DurationMs = System.Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1) };
    }

    /// <summary>Runs the request in a warm server; null when no server can be had (then a one-shot sandbox runs it).</summary>
    private async Task<ExecutionResult?> ExecuteWarmAsync(ExecutionRequest request, ResolvedToolchain toolchain, CancellationToken cancellationToken)
    {
        var serverLanguage = FindLanguage(CodeLanguages.Python.Name) ?? CodeLanguages.Python;
        var (python, error) = await _toolchains.ResolveAsync(serverLanguage).ConfigureAwait(false);
        error ??= Unreachable(serverLanguage, python!);
        if (error is not null || python!.Interpreter is null)
        {
            WarmUnavailable("python", $"the sandbox server needs Python 3.9+: {error}");
            return null;
        }

        var binds = python.BindPaths.Union(toolchain.BindPaths, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var key = python.Interpreter + "\n" + string.Join('\n', binds);
        if (_warmFailures.ContainsKey(key))
        {
            return null;
        }

        // The server and, when there is a compile step, the world process that outlives it are the sandbox user's too.
        var ownProcesses = request.Language.CompileArguments is null ? 1 : 2;
        var plan = ExecutionPlanner.Plan(request, toolchain, _options, SandboxCommandLine.SourceDir, SandboxCommandLine.WorkDir, ownProcesses, python.Interpreter);
        WarmSandboxServer server;
        try
        {
            var environment = ExecutionPlanner.Environment(serverLanguage, SandboxCommandLine.WorkDir, _options.DefaultMemoryMb);
            server = await _servers.RentAsync(key, () => _commandLine.Server(python.Interpreter, binds, environment, WarmSandboxServer.Script), cancellationToken).ConfigureAwait(false);
        }
        catch (WarmServerException ex)
        {
            WarmUnavailable(key, ex.Message);
            return null;
        }

        try
        {
            var (steps, serverError) = await server.RunAsync(plan, (long)_options.WorkDirSizeMb << 20, _options.MaxOutputBytes, cancellationToken).ConfigureAwait(false);
            _servers.Return(server);
            Interlocked.Increment(ref _warmExecutions);
            return ExecutionClassifier.ClassifyWarm(plan, steps, serverError, _options.MaxOutputBytes);
        }
        catch (WarmServerException ex)
        {
            server.Dispose();
            _logger.LogWarning("A warm sandbox server failed ({Reason}); it was stopped and a new one will be started.", ex.Message);
            return new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Sandboxed = true, Message = ex.Message + "; the server was replaced" };
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs the request in a fresh sandbox of its own (or, unsandboxed, as a plain limited process).</summary>
    private async Task<ExecutionResult> ExecuteOneShotAsync(ExecutionRequest request, ResolvedToolchain toolchain, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("code execution needs Linux (bubblewrap)");
        }

        // A fresh host folder per execution holds only the program; the sandbox sees it read-only.
        var hostDir = Path.Combine(_tempRoot, "midtrain-code-" + Guid.NewGuid().ToString("N"));
        var dirMode = IsSandboxed
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(hostDir, dirMode);
        try
        {
            var plan = IsSandboxed
                ? ExecutionPlanner.Plan(request, toolchain, _options, SandboxCommandLine.SourceDir, SandboxCommandLine.WorkDir, ownProcesses: 0, serverInterpreter: null)
                : ExecutionPlanner.Plan(request, toolchain, _options, hostDir, hostDir, ownProcesses: 0, serverInterpreter: null);
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

            var psi = IsSandboxed ? _commandLine.OneShot(plan, toolchain.BindPaths, hostDir) : _commandLine.Unsandboxed(plan, hostDir);
            RawRun raw;
            try
            {
                raw = await ProcessRunner.RunAsync(psi, plan.Stdin, plan.TotalTimeout, _options.MaxOutputBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return new ExecutionResult { Status = ExecutionStatus.Error, SandboxFailure = true, Message = $"could not start {psi.FileName}: {ex.Message}", Sandboxed = IsSandboxed };
            }

            return ExecutionClassifier.Classify(raw, plan.TotalTimeout, _options.MaxOutputBytes, IsSandboxed, oneShot: true);
        }
        finally
        {
            TryDelete(hostDir);
        }
    }

    /// <summary>Why the unprivileged sandbox user cannot use the toolchain, or null.</summary>
    private string? Unreachable(CodeLanguage language, ResolvedToolchain toolchain) =>
        _asOtherUser && toolchain.FirstUnreachablePath() is { } hidden
            ? $"the {language.Name} toolchain ({toolchain.Interpreter ?? toolchain.Compiler}) needs {hidden}, which the unprivileged sandbox user ({_options.SandboxUserId}) cannot reach; use a system interpreter (e.g. /usr/bin/python3) or one installed in a world-readable prefix"
            : null;

    private void WarmUnavailable(string key, string reason)
    {
        if (_warmFailures.TryAdd(key, reason))
        {
            _logger.LogWarning("Warm sandbox servers are unavailable ({Reason}); programs run in one-shot sandboxes (slower, same isolation).", reason);
        }
    }

    private async Task ReportUnavailableLanguagesAsync()
    {
        try
        {
            foreach (var availability in await GetAvailabilityAsync().ConfigureAwait(false))
            {
                if (!availability.IsAvailable)
                {
                    _logger.LogInformation("Code sandbox: {Reason}", availability.Reason);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _logger.LogWarning(ex, "Code sandbox: could not probe the language toolchains");
        }
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
}
