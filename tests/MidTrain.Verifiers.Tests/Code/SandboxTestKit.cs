using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>Sandbox test helpers: skip (never fail) where bubblewrap is not installed; small limits so tests stay cheap.</summary>
internal static class SandboxTestKit
{
    public const string Collection = "sandbox";

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

    /// <summary>Processes of the sandbox user still running a sandboxed program (should be none between tests).</summary>
    public static List<string> SandboxSurvivors()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllText(Path.Combine(dir, "status"));
                var uidLine = status.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) ?? "";
                if (!uidLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(1).Contains("65534"))
                {
                    continue;
                }

                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("/src/main.", StringComparison.Ordinal) || cmdline.Contains("bwrap", StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
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
