using MidTrain.Core.Configuration;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Settings of a <see cref="CodeSandbox"/>: tools, limits, pool size and languages. Validated once by
/// <see cref="Validate"/> when the sandbox is created; the sandbox keeps its own copy, so later changes have no effect.
/// </summary>
public sealed class SandboxOptions : IValidatableOptions
{
    /// <summary>The environment variable that opts the CLI into the unsandboxed mode (<c>1</c> or <c>true</c>).</summary>
    public const string UnsandboxedVariable = "MIDTRAIN_CODE_UNSANDBOXED";

    /// <summary>The environment variable that sets the CLI's pool size.</summary>
    public const string ConcurrencyVariable = "MIDTRAIN_CODE_CONCURRENCY";

    /// <summary>bubblewrap: an absolute path, or a name looked up on PATH. Default <c>bwrap</c>.</summary>
    public string BubblewrapPath { get; set; } = "bwrap";

    /// <summary>util-linux <c>prlimit</c> (sets the rlimits of the program), absolute or on PATH.</summary>
    public string PrlimitPath { get; set; } = "prlimit";

    /// <summary>util-linux <c>setpriv</c>, used to drop from root to <see cref="SandboxUserId"/> before entering the sandbox.</summary>
    public string SetprivPath { get; set; } = "setpriv";

    /// <summary>
    /// When the host process runs as root, the sandbox is entered as this unprivileged user (default 65534, nobody):
    /// the kernel does not enforce the process-count limit for root, and root has no business running untrusted code.
    /// </summary>
    public int SandboxUserId { get; set; } = 65534;

    /// <summary>
    /// Explicit opt-in: run programs as plain child processes WITHOUT isolation (rlimits, a cleared environment and a
    /// private temporary directory only). Every execution logs a warning and is marked <c>sandboxed: false</c>.
    /// </summary>
    public bool Unsandboxed { get; set; }

    /// <summary>How many executions run at once (default: number of cores).</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Wall-clock limit when the request has none (default 10 s). The CPU-time limit is this rounded up plus 1 s.</summary>
    [ConfigKey("timeout_s")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Address-space limit in MiB when the request has none (default 512).</summary>
    [ConfigKey("memory_mb")]
    public int DefaultMemoryMb { get; set; } = 512;

    /// <summary>Largest accepted wall-clock limit (requests above are clamped; default 120 s).</summary>
    [ConfigKey("max_timeout_s")]
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest accepted memory limit in MiB (requests above are clamped; default 8192).</summary>
    public int MaxMemoryMb { get; set; } = 8192;

    /// <summary>Bytes of stdout and of stderr kept; a program printing more is killed and reported as <c>error</c> (default 1 MiB).</summary>
    public int MaxOutputBytes { get; set; } = 1 << 20;

    /// <summary>Processes (threads included) the program may have at once (RLIMIT_NPROC; default 64).</summary>
    public int MaxProcesses { get; set; } = 64;

    /// <summary>Largest file the program may write (RLIMIT_FSIZE; default 16 MiB).</summary>
    [ConfigKey("max_file_bytes")]
    public long MaxFileSizeBytes { get; set; } = 16L << 20;

    /// <summary>Open file descriptors (RLIMIT_NOFILE; default 256).</summary>
    public int MaxOpenFiles { get; set; } = 256;

    /// <summary>
    /// Size of each private tmpfs (<c>/work</c>, <c>/tmp</c>, <c>/dev/shm</c>) in MiB (default 64). Their files live in
    /// host memory, so one execution can hold up to three times this much, on top of its memory limit.
    /// </summary>
    [ConfigKey("workdir_mb")]
    public int WorkDirSizeMb { get; set; } = 64;

    /// <summary>Host paths bound read-only into the sandbox when they exist (system directories, never a home or project).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; set; } = ["/usr", "/etc/alternatives", "/etc/ld.so.cache"];

    /// <summary>The language table (default <see cref="CodeLanguages.All"/>).</summary>
    [ConfigIgnore]
    public IReadOnlyList<CodeLanguage> Languages { get; set; } = CodeLanguages.All;

    /// <summary>Interpreter per language name, overriding the language's candidates (e.g. <c>python → /opt/py/bin/python3</c>).</summary>
    public IReadOnlyDictionary<string, string> Interpreters { get; set; } = new Dictionary<string, string>();

    /// <summary>Host directory for the per-execution source folders of one-shot sandboxes (default: the system temp directory).</summary>
    public string? TempRoot { get; set; }

    /// <summary>
    /// Run programs through warm sandbox servers (default true): a long-lived, already-initialised Python process
    /// inside a bubblewrap sandbox forks one child per program, which gets its own fresh <c>/work</c>, <c>/tmp</c>,
    /// <c>/dev/shm</c> and <c>/src</c>, IPC namespace, limits and capability-free, seccomp-filtered process, and is
    /// killed with every process it started when it ends; Python programs run in the forked interpreter itself. When
    /// false (or when a server cannot start), each program gets a fresh one-shot sandbox (slower, same isolation).
    /// </summary>
    [ConfigKey("warm_start")]
    public bool WarmStart { get; set; } = true;

    /// <summary>
    /// Python modules the warm server imports once at start, so programs that import them do not pay for it. They
    /// must be free of side effects at import (no threads, no seeds drawn). Default: common pure standard-library
    /// modules.
    /// </summary>
    [ConfigKey("preload_modules")]
    public IReadOnlyList<string> PreloadModules { get; set; } =
    [
        "collections", "functools", "itertools", "math", "re", "string", "typing", "heapq", "bisect", "json",
        "hashlib", "fractions", "decimal", "datetime", "operator",
    ];

    /// <summary>Wall-clock limit of a compile step (default 60 s; its CPU-time limit is this rounded up plus 1 s). Separate from the run limits.</summary>
    [ConfigKey("compile_timeout_s")]
    public TimeSpan CompileTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Memory limit of a compile step in MiB (default 2048; the language's <see cref="CodeLanguage.AddressSpaceOverheadMb"/>
    /// is added to the address-space limit as for the run step).
    /// </summary>
    [ConfigKey("compile_memory_mb")]
    public int CompileMemoryMb { get; set; } = 2048;

    /// <summary>Options from the environment as the CLI reads them (<see cref="UnsandboxedVariable"/>, <see cref="ConcurrencyVariable"/>).</summary>
    public static SandboxOptions FromEnvironment()
    {
        var options = new SandboxOptions();
        var unsandboxed = Environment.GetEnvironmentVariable(UnsandboxedVariable);
        options.Unsandboxed = unsandboxed is "1" || string.Equals(unsandboxed, "true", StringComparison.OrdinalIgnoreCase);
        if (int.TryParse(Environment.GetEnvironmentVariable(ConcurrencyVariable), out var n) && n > 0)
        {
            options.MaxConcurrency = n;
        }

        return options;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Positive(long value, string key)
        {
            if (value <= 0)
            {
                throw new OptionsValidationException(key, $"must be positive, got {value}");
            }
        }

        Positive(MaxConcurrency, "max_concurrency");
        Positive(DefaultMemoryMb, "memory_mb");
        Positive(MaxMemoryMb, "max_memory_mb");
        Positive(MaxOutputBytes, "max_output_bytes");
        Positive(MaxProcesses, "max_processes");
        Positive(MaxFileSizeBytes, "max_file_bytes");
        Positive(MaxOpenFiles, "max_open_files");
        Positive(WorkDirSizeMb, "workdir_mb");
        Positive(CompileMemoryMb, "compile_memory_mb");
        if (DefaultTimeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("timeout_s", "must be positive");
        }

        if (MaxTimeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("max_timeout_s", "must be positive");
        }

        if (CompileTimeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("compile_timeout_s", "must be positive");
        }

        if (PreloadModules.Any(m => m.Length == 0 || !m.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')))
        {
            throw new OptionsValidationException("preload_modules", "must be Python module names");
        }

        if (SandboxUserId <= 0)
        {
            throw new OptionsValidationException("sandbox_user_id", "must be a non-root user id");
        }

        if (Languages.Count == 0)
        {
            throw new OptionsValidationException(null, "at least one language is needed");
        }
    }

    /// <summary>A copy, so the sandbox is unaffected by later changes to this instance.</summary>
    public SandboxOptions Clone() => (SandboxOptions)MemberwiseClone();
}
