using MidTrain.Core.Configuration;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Settings of a <see cref="CodeSandbox"/>: tools, limits, pool size and languages. Validated once by
/// <see cref="Validate"/> when the sandbox is created; the sandbox keeps its own copy, so later changes have no effect.
/// </summary>
public sealed class SandboxOptions
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
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Address-space limit in MiB when the request has none (default 512).</summary>
    public int DefaultMemoryMb { get; set; } = 512;

    /// <summary>Largest accepted wall-clock limit (requests above are clamped; default 120 s).</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest accepted memory limit in MiB (requests above are clamped; default 8192).</summary>
    public int MaxMemoryMb { get; set; } = 8192;

    /// <summary>Bytes of stdout and of stderr kept; a program printing more is killed and reported as <c>error</c> (default 1 MiB).</summary>
    public int MaxOutputBytes { get; set; } = 1 << 20;

    /// <summary>Processes (threads included) the program may have at once (RLIMIT_NPROC; default 64).</summary>
    public int MaxProcesses { get; set; } = 64;

    /// <summary>Largest file the program may write (RLIMIT_FSIZE; default 16 MiB).</summary>
    public long MaxFileSizeBytes { get; set; } = 16L << 20;

    /// <summary>Open file descriptors (RLIMIT_NOFILE; default 256).</summary>
    public int MaxOpenFiles { get; set; } = 256;

    /// <summary>
    /// Size of each private tmpfs (<c>/work</c>, <c>/tmp</c>, <c>/dev/shm</c>) in MiB (default 64). Their files live in
    /// host memory, so one execution can hold up to three times this much, on top of its memory limit.
    /// </summary>
    public int WorkDirSizeMb { get; set; } = 64;

    /// <summary>Host paths bound read-only into the sandbox when they exist (system directories, never a home or project).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; set; } = ["/usr", "/etc/alternatives", "/etc/ld.so.cache"];

    /// <summary>The language table (default <see cref="CodeLanguages.All"/>).</summary>
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

    /// <summary>
    /// Options for the pipeline stage <c>verify: code</c>, from the stage's other keys (a parsed YAML mapping):
    /// <c>concurrency</c>, <c>timeout_s</c>, <c>memory_mb</c>, <c>max_output_bytes</c>, <c>max_processes</c>,
    /// <c>max_file_bytes</c>, <c>max_open_files</c>, <c>workdir_mb</c>, <c>compile_timeout_s</c>, <c>compile_memory_mb</c>,
    /// <c>warm_start</c> and <c>unsandboxed</c> (true/false) and
    /// <c>interpreters</c> (language → path). Starts from <see cref="FromEnvironment"/>. Throws
    /// <see cref="ArgumentException"/> naming the bad key.
    /// </summary>
    public static SandboxOptions FromMapping(IReadOnlyDictionary<string, object?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var options = FromEnvironment();
        foreach (var (key, value) in map)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            double Number()
            {
                return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d)
                    ? d
                    : throw new ArgumentException($"verify code: '{key}' must be a positive number (was '{text}')", key);
            }

            switch (key)
            {
                case "concurrency": options.MaxConcurrency = (int)Number(); break;
                case "timeout_s": options.DefaultTimeout = TimeSpan.FromSeconds(Number()); break;
                case "memory_mb": options.DefaultMemoryMb = (int)Number(); break;
                case "max_output_bytes": options.MaxOutputBytes = (int)Number(); break;
                case "max_processes": options.MaxProcesses = (int)Number(); break;
                case "max_file_bytes": options.MaxFileSizeBytes = (long)Number(); break;
                case "max_open_files": options.MaxOpenFiles = (int)Number(); break;
                case "workdir_mb": options.WorkDirSizeMb = (int)Number(); break;
                case "compile_timeout_s": options.CompileTimeout = TimeSpan.FromSeconds(Number()); break;
                case "compile_memory_mb": options.CompileMemoryMb = (int)Number(); break;
                case "warm_start":
                    options.WarmStart = bool.TryParse(text, out var warm) ? warm : throw new ArgumentException($"verify code: 'warm_start' must be true or false (was '{text}')", key);
                    break;
                case "unsandboxed":
                    options.Unsandboxed = bool.TryParse(text, out var b) ? b : throw new ArgumentException($"verify code: 'unsandboxed' must be true or false (was '{text}')", key);
                    break;
                case "interpreters":
                    var interpreters = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var entry in value as System.Collections.IEnumerable ?? throw new ArgumentException("verify code: 'interpreters' must be a mapping", key))
                    {
                        var (language, path) = entry switch
                        {
                            System.Collections.DictionaryEntry d => (Convert.ToString(d.Key, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(d.Value, System.Globalization.CultureInfo.InvariantCulture)),
                            KeyValuePair<string, object?> p => (p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)),
                            KeyValuePair<object, object?> p => (Convert.ToString(p.Key, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)),
                            KeyValuePair<string, string> p => (p.Key, p.Value),
                            _ => throw new ArgumentException("verify code: 'interpreters' must be a mapping of language to path", key),
                        };
                        interpreters[language ?? ""] = path ?? "";
                    }

                    options.Interpreters = interpreters;
                    break;
                default:
                    throw new ArgumentException($"verify code: unknown key '{key}' (known: concurrency, timeout_s, memory_mb, max_output_bytes, max_processes, max_file_bytes, max_open_files, workdir_mb, compile_timeout_s, compile_memory_mb, warm_start, unsandboxed, interpreters)", key);
            }
        }

        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Positive(long value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentException($"{name} must be positive (was {value}).", name);
            }
        }

        Positive(MaxConcurrency, nameof(MaxConcurrency));
        Positive(DefaultMemoryMb, nameof(DefaultMemoryMb));
        Positive(MaxMemoryMb, nameof(MaxMemoryMb));
        Positive(MaxOutputBytes, nameof(MaxOutputBytes));
        Positive(MaxProcesses, nameof(MaxProcesses));
        Positive(MaxFileSizeBytes, nameof(MaxFileSizeBytes));
        Positive(MaxOpenFiles, nameof(MaxOpenFiles));
        Positive(WorkDirSizeMb, nameof(WorkDirSizeMb));
        Positive(CompileMemoryMb, nameof(CompileMemoryMb));
        if (DefaultTimeout <= TimeSpan.Zero || MaxTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("DefaultTimeout and MaxTimeout must be positive.", nameof(DefaultTimeout));
        }

        if (CompileTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("CompileTimeout must be positive.", nameof(CompileTimeout));
        }

        if (PreloadModules.Any(m => m.Length == 0 || !m.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')))
        {
            throw new ArgumentException("PreloadModules must be Python module names.", nameof(PreloadModules));
        }

        if (SandboxUserId <= 0)
        {
            throw new ArgumentException("SandboxUserId must be a non-root user id.", nameof(SandboxUserId));
        }

        if (Languages.Count == 0)
        {
            throw new ArgumentException("At least one language is needed.", nameof(Languages));
        }
    }

    /// <summary>A copy, so the sandbox is unaffected by later changes to this instance.</summary>
    public SandboxOptions Clone() => (SandboxOptions)MemberwiseClone();
}
