using System.Collections.Concurrent;
using System.Diagnostics;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Resolves each language's interpreter once: tries the candidates in order, asks the interpreter itself for its real
/// executable and prefix (so a pyenv shim is replaced by the binary it would run), and caches the answer.
/// Thread-safe.
/// </summary>
internal sealed class InterpreterResolver(IReadOnlyDictionary<string, string> overrides, IReadOnlyList<string> systemPaths)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(ResolvedInterpreter? Interpreter, string? Error)>>> _cache = new(StringComparer.Ordinal);

    public Task<(ResolvedInterpreter? Interpreter, string? Error)> ResolveAsync(CodeLanguage language) =>
        _cache.GetOrAdd(language.Name, _ => new Lazy<Task<(ResolvedInterpreter?, string?)>>(() => ProbeAsync(language))).Value;

    private async Task<(ResolvedInterpreter?, string?)> ProbeAsync(CodeLanguage language)
    {
        var candidates = overrides.TryGetValue(language.Name, out var configured) ? [configured] : language.Interpreters;
        var errors = new List<string>();
        foreach (var candidate in candidates)
        {
            var found = ExecutableLocator.Find(candidate);
            if (found is null)
            {
                errors.Add($"{candidate}: not found");
                continue;
            }

            var (lines, error) = await RunProbeAsync(found, language.ProbeArguments).ConfigureAwait(false);
            if (lines is null || lines.Count == 0 || !File.Exists(lines[0]))
            {
                errors.Add($"{found}: probe failed{(error is null ? "" : ": " + error)}");
                continue;
            }

            var executable = ExecutableLocator.RealPath(lines[0]);
            var binds = new List<string>();
            foreach (var dir in lines.Skip(1).Append(Path.GetDirectoryName(executable)!))
            {
                if (dir.Length == 0 || !Directory.Exists(dir) || IsUnderSystemPath(dir) || binds.Any(b => IsUnder(dir, b)))
                {
                    continue;
                }

                binds.Add(Path.GetFullPath(dir));
            }

            return (new ResolvedInterpreter(executable, binds), null);
        }

        return (null, $"no usable {language.Name} interpreter ({string.Join("; ", errors)})");
    }

    private bool IsUnderSystemPath(string dir) => systemPaths.Any(p => IsUnder(dir, p));

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
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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
