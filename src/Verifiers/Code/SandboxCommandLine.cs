using System.Diagnostics;
using System.Globalization;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Builds the command lines of sandboxes: a one-shot bubblewrap sandbox per program, a warm server's sandbox, and the
/// plain limited process of the unsandboxed mode. Both sandboxes get the same view: own user, PID, network, IPC, UTS
/// and mount namespaces, read-only system directories and nothing else of the host, size-capped tmpfs as the only
/// writable places, a cleared environment, and (as root) an unprivileged user. Immutable and thread-safe.
/// </summary>
internal sealed class SandboxCommandLine(SandboxOptions options, string? bubblewrap, string? prlimit, string? setpriv)
{
    public const string SourceDir = "/src";
    public const string WorkDir = "/work";
    public const int CompileFailedExitCode = 97;
    public const string CompileFailedMarker = "midtrain: compile step failed";

    /// <summary>A fresh sandbox that runs <paramref name="plan"/> once, the program bound read-only from <paramref name="hostSourceDir"/>.</summary>
    public ProcessStartInfo OneShot(ExecutionPlan plan, IReadOnlyList<string> bindPaths, string hostSourceDir)
    {
        var psi = Bubblewrap(bindPaths, plan.Run.Environment, server: false, hostSourceDir);
        foreach (var a in Limited(plan, includePrlimit: true))
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    /// <summary>The sandbox of a warm server: <c>python -u -c SCRIPT MODULES...</c> as its pid 1, allowed to build mounts.</summary>
    public ProcessStartInfo Server(string python, IReadOnlyList<string> bindPaths, IReadOnlyDictionary<string, string> environment, string script)
    {
        var psi = Bubblewrap(bindPaths, environment, server: true, hostSourceDir: null);
        foreach (var a in new[] { python, "-u", "-c", script }.Concat(options.PreloadModules))
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    /// <summary>The unsandboxed mode: the plan as a plain process under prlimit (when found) in <paramref name="hostDir"/>.</summary>
    public ProcessStartInfo Unsandboxed(ExecutionPlan plan, string hostDir)
    {
        ProcessStartInfo psi;
        if (prlimit is not null)
        {
            psi = new ProcessStartInfo(prlimit);
            foreach (var a in Limited(plan, includePrlimit: false))
            {
                psi.ArgumentList.Add(a);
            }
        }
        else if (plan.Steps.Count == 1)
        {
            psi = new ProcessStartInfo(plan.Run.Arguments[0]);
            foreach (var a in plan.Run.Arguments.Skip(1))
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi = new ProcessStartInfo("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(Script(plan, limits: false));
        }

        psi.WorkingDirectory = hostDir;
        psi.Environment.Clear();
        foreach (var (key, value) in plan.Run.Environment)
        {
            psi.Environment[key] = value;
        }

        return psi;
    }

    /// <summary>The smallest sandbox that proves bubblewrap works here.</summary>
    public ProcessStartInfo SelfTest()
    {
        var psi = Entry();
        foreach (var a in new[] { "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--tmpfs", WorkDir, "--", prlimit!, "--nofile=64", "--", "/bin/sh", "-c", "exit 0" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.WorkingDirectory = "/";
        return psi;
    }

    private ProcessStartInfo Entry()
    {
        if (setpriv is null)
        {
            return new ProcessStartInfo(bubblewrap!);
        }

        var psi = new ProcessStartInfo(setpriv);
        foreach (var a in new[] { $"--reuid={options.SandboxUserId}", $"--regid={options.SandboxUserId}", "--clear-groups", "--", bubblewrap! })
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    private ProcessStartInfo Bubblewrap(IReadOnlyList<string> bindPaths, IReadOnlyDictionary<string, string> environment, bool server, string? hostSourceDir)
    {
        var psi = Entry();
        var args = psi.ArgumentList;
        void Add(params string[] items)
        {
            foreach (var item in items)
            {
                args.Add(item);
            }
        }

        Add("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--hostname", "sandbox");
        if (server)
        {
            // The server is pid 1 (it ends each program with kill(-1)) and may mount: it builds every program's private
            // filesystem. Programs get neither capability (the server drops both before running them).
            Add("--as-pid-1", "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP");
        }
        else
        {
            Add("--cap-drop", "ALL");
        }

        foreach (var path in options.ReadOnlyPaths)
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

        foreach (var path in bindPaths)
        {
            Add("--ro-bind", path, path);
        }

        var tmpfsBytes = ((long)options.WorkDirSizeMb << 20).ToString(CultureInfo.InvariantCulture);
        Add("--proc", "/proc", "--dev", "/dev", "--size", tmpfsBytes, "--tmpfs", "/dev/shm");
        Add("--size", tmpfsBytes, "--tmpfs", "/tmp", "--size", tmpfsBytes, "--tmpfs", WorkDir);
        if (hostSourceDir is not null)
        {
            Add("--ro-bind", hostSourceDir, SourceDir);
        }
        else
        {
            Add("--dir", SourceDir);
        }

        // bubblewrap's own root and /dev are unbounded tmpfs mounts: read-only, so that only the size-capped
        // /work, /tmp and /dev/shm take writes (files there live in host memory).
        Add("--remount-ro", "/dev", "--remount-ro", "/");
        Add("--chdir", server ? "/" : WorkDir, "--clearenv");
        foreach (var (key, value) in environment)
        {
            Add("--setenv", key, value);
        }

        Add("--");
        psi.WorkingDirectory = "/";
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        return psi;
    }

    /// <summary>prlimit + the run command, or a shell running the compile step (own limits and timeout) then the run step.</summary>
    private IEnumerable<string> Limited(ExecutionPlan plan, bool includePrlimit)
    {
        if (plan.Steps.Count == 1)
        {
            return (includePrlimit ? [prlimit!] : Array.Empty<string>()).Concat(PrlimitArguments(plan.Run.Limits)).Append("--").Concat(plan.Run.Arguments);
        }

        var shell = new[] { "/bin/sh", "-c", Script(plan, limits: true) };
        return includePrlimit ? shell : ["--nofile=" + options.MaxOpenFiles.ToString(CultureInfo.InvariantCulture), "--", .. shell];
    }

    private string Script(ExecutionPlan plan, bool limits)
    {
        var compile = plan.Steps[0];
        var run = plan.Run;
        string Limit(SandboxStep step) => limits && prlimit is not null
            ? Quote(prlimit) + " " + string.Join(' ', PrlimitArguments(step.Limits)) + " -- "
            : "";

        // The compiler's own output goes to stderr so that stdout stays the program's.
        var seconds = System.Math.Ceiling(compile.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return $"{Limit(compile)}timeout -s KILL {seconds} {string.Join(' ', compile.Arguments.Select(Quote))} </dev/null 1>&2 || " +
               $"{{ echo {Quote(CompileFailedMarker)} >&2; exit {CompileFailedExitCode}; }}; " +
               $"exec {Limit(run)}{string.Join(' ', run.Arguments.Select(Quote))}";
    }

    private static IEnumerable<string> PrlimitArguments(ProcessLimits limits) =>
    [
        $"--cpu={limits.CpuSeconds}",
        $"--as={limits.AddressSpaceBytes}",
        $"--nproc={limits.Processes}",
        $"--fsize={limits.FileSizeBytes}",
        $"--nofile={limits.OpenFiles}",
        "--core=0",
    ];

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
