using System.Collections.Concurrent;
using System.Diagnostics;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Finds each language's interpreter and/or compiler: tries the candidates in order, runs each tool's probe (so a
/// pyenv shim is replaced by the binary it would run, and a broken install is noticed), and adds the directories the
/// tools need outside the system paths. Probes are cached for the process (one per tool and probe), answers per
/// language for this resolver. A missing tool is an answer with the reason, never an exception. Thread-safe.
/// </summary>
internal sealed class ToolchainResolver(IReadOnlyDictionary<string, string> overrides, IReadOnlyList<string> systemPaths)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<(List<string>? Lines, string? Error)>>> Probes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<(ResolvedToolchain? Toolchain, string? Error)>>> _cache = new(StringComparer.Ordinal);

    /// <summary>The language's toolchain, or the reason it cannot be used.</summary>
    public Task<(ResolvedToolchain? Toolchain, string? Error)> ResolveAsync(CodeLanguage language) =>
        _cache.GetOrAdd(language.Name, _ => new Lazy<Task<(ResolvedToolchain?, string?)>>(() => ResolveCoreAsync(language))).Value;

    private async Task<(ResolvedToolchain?, string?)> ResolveCoreAsync(CodeLanguage language)
    {
        // An override names the interpreter; for languages without one (C, Go, ...) it names the compiler.
        overrides.TryGetValue(language.Name, out var configured);
        var binds = new List<string>();
        string? interpreter = null, compiler = null;
        var problems = new List<string>();
        if (language.Interpreters.Count > 0)
        {
            (interpreter, var error) = await FindAsync(configured is null ? language.Interpreters : [configured], language.ProbeArguments, binds).ConfigureAwait(false);
            if (error is not null)
            {
                problems.Add($"no usable {language.Name} interpreter ({error})");
            }
        }

        if (language.Compilers is { } compilers)
        {
            var candidates = configured is not null && language.Interpreters.Count == 0 ? [configured] : compilers;
            (compiler, var error) = await FindAsync(candidates, language.ProbeArguments, binds).ConfigureAwait(false);
            if (error is not null)
            {
                problems.Add($"no usable {language.Name} compiler ({error})");
            }
        }

        if (problems.Count > 0)
        {
            var hint = language.InstallHint is null ? "" : $"; install it ({language.InstallHint})";
            return (null, $"language '{language.Name}' is unavailable: {string.Join("; ", problems)}{hint}");
        }

        foreach (var path in language.ReadOnlyPaths.SelectMany(Expand))
        {
            AddBind(binds, path);
        }

        return (new ResolvedToolchain(interpreter, compiler, binds), null);
    }

    private async Task<(string? Executable, string? Error)> FindAsync(IReadOnlyList<string> candidates, IReadOnlyList<string> probe, List<string> binds)
    {
        var errors = new List<string>();
        foreach (var candidate in candidates)
        {
            var found = ExecutableLocator.Find(candidate);
            if (found is null)
            {
                errors.Add($"{candidate}: not found");
                continue;
            }

            var key = found + "\0" + string.Join('\0', probe);
            var (lines, error) = await Probes.GetOrAdd(key, _ => new Lazy<Task<(List<string>?, string?)>>(() => RunProbeAsync(found, probe))).Value.ConfigureAwait(false);
            if (lines is null)
            {
                errors.Add($"{found}: probe failed{(error is null ? "" : ": " + error)}");
                continue;
            }

            var printsPath = lines.Count > 0 && lines[0].StartsWith('/') && File.Exists(lines[0]);
            var executable = ExecutableLocator.RealPath(printsPath ? lines[0] : found);
            foreach (var dir in (printsPath ? lines.Skip(1) : []).Append(Path.GetDirectoryName(executable)!))
            {
                if (dir.Length > 0 && dir.StartsWith('/') && Directory.Exists(dir))
                {
                    AddBind(binds, dir);
                }
            }

            return (executable, null);
        }

        return (null, string.Join("; ", errors));
    }

    private void AddBind(List<string> binds, string path)
    {
        var full = Path.GetFullPath(path);
        if (!systemPaths.Any(p => IsUnder(full, p)) && !binds.Any(b => IsUnder(full, b)))
        {
            binds.Add(full);
        }
    }

    /// <summary>Existing paths matching <paramref name="pattern"/>, whose last component may hold one <c>*</c>.</summary>
    private static IEnumerable<string> Expand(string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return File.Exists(pattern) || Directory.Exists(pattern) ? [pattern] : [];
        }

        var dir = Path.GetDirectoryName(pattern);
        return dir is not null && Directory.Exists(dir)
            ? Directory.EnumerateFileSystemEntries(dir, Path.GetFileName(pattern)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static bool IsUnder(string dir, string root)
    {
        var d = Path.GetFullPath(dir).TrimEnd('/') + "/";
        var r = Path.GetFullPath(root).TrimEnd('/') + "/";
        return d.StartsWith(r, StringComparison.Ordinal);
    }

    private static async Task<(List<string>? Lines, string? Error)> RunProbeAsync(string executable, IReadOnlyList<string> arguments)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(psi)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (null, "timed out");
            }

            var output = await stdout.ConfigureAwait(false);
            var errorText = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return (null, $"exit {process.ExitCode}: {errorText.Trim()}");
            }

            return (output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList(), null);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, ex.Message);
        }
    }
}
