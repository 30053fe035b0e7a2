using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>Sandbox test helpers: skip (never fail) where bubblewrap is not installed; small limits so tests stay cheap.</summary>
internal static class SandboxTestKit
{
    public const string Collection = "sandbox";

    /// <summary>The first line of the warm server's script, visible in its command line (<c>python -u -c SCRIPT</c>).</summary>
    public const string WarmServerMarker = "# MidTrain sandbox server";

    public static bool BubblewrapInstalled => ExecutableLocator.Find("bwrap") is not null;

    public static void RequireBubblewrap() =>
        Skip.IfNot(BubblewrapInstalled, "bubblewrap (bwrap) is not installed: apt-get install -y bubblewrap");

    public static SandboxOptions SmallOptions(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions
        {
            MaxConcurrency = System.Math.Max(2, Environment.ProcessorCount),
            DefaultTimeout = TimeSpan.FromSeconds(5),
            DefaultMemoryMb = 256,
            MaxOutputBytes = 64 * 1024,
            MaxProcesses = 32,
            WorkDirSizeMb = 16,
        };
        configure?.Invoke(options);
        return options;
    }

    public static CodeSandbox Create(Action<SandboxOptions>? configure = null)
    {
        RequireBubblewrap();
        return CodeSandbox.Create(SmallOptions(configure));
    }

    /// <summary>Processes still alive whose command line contains <paramref name="marker"/> (excluding this test process).</summary>
    public static List<string> ProcessesContaining(string marker)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {cmdline}");
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>
    /// Processes of the sandbox user still running a sandboxed program (should be none between executions): one-shot
    /// sandboxes and their programs, and anything a warm sandbox server forked. Idle warm servers (a server whose parent
    /// is its bubblewrap) and their bubblewraps are not programs.
    /// </summary>
    public static List<string> SandboxSurvivors()
    {
        var table = new Dictionary<int, (int Parent, bool SandboxUser, string CommandLine)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) ?? "";
                var parent = int.Parse(Field("PPid:").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                var sandboxUser = Field("Uid:").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(1).Contains("65534");
                table[pid] = (parent, sandboxUser, File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        // By the program name (argv[0]): a server's command line holds its script, which mentions bwrap.
        bool IsBubblewrap(int pid) => table.TryGetValue(pid, out var p) && p.CommandLine.Split(' ')[0].EndsWith("bwrap", StringComparison.Ordinal);
        var servers = table.Where(p => p.Value.CommandLine.Contains(WarmServerMarker, StringComparison.Ordinal) && IsBubblewrap(p.Value.Parent))
            .Select(p => p.Key).ToHashSet();
        var hosts = servers.Select(s => table[s].Parent).ToHashSet();
        bool UnderServer(int pid)
        {
            for (var i = 0; i < 64 && table.TryGetValue(pid, out var p); i++, pid = p.Parent)
            {
                if (servers.Contains(p.Parent))
                {
                    return true;
                }
            }

            return false;
        }

        return table
            .Where(p => p.Value.SandboxUser && !servers.Contains(p.Key) && !hosts.Contains(p.Key))
            .Where(p => UnderServer(p.Key) || IsBubblewrap(p.Key) || p.Value.CommandLine.Contains("/src/main.", StringComparison.Ordinal))
            .Select(p => $"{p.Key}: {(p.Value.CommandLine.Length > 200 ? p.Value.CommandLine[..200] : p.Value.CommandLine)}")
            .ToList();
    }

    /// <summary>Waits briefly for the kernel to reap a killed namespace, then returns what is left.</summary>
    public static async Task<List<string>> SurvivorsAfterGraceAsync(Func<List<string>> probe)
    {
        for (var i = 0; i < 20; i++)
        {
            var left = probe();
            if (left.Count == 0)
            {
                return left;
            }

            await Task.Delay(100);
        }

        return probe();
    }
}
