namespace MidTrain.Tests;

/// <summary>Locates the repository and the shared acceptance data from a test's output folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MidTrain.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MidTrain.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder holding MidTrain.sln).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>
    /// <c>../shared/acceptance</c> beside the repository (CI always has it), or <c>MIDTRAIN_ACCEPTANCE_DIR</c> when set;
    /// null when absent, so acceptance tests can skip with the reason.
    /// </summary>
    public static string? AcceptanceDir
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("MIDTRAIN_ACCEPTANCE_DIR");
            if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
            {
                return fromEnv;
            }

            var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "acceptance"));
            return Directory.Exists(beside) ? beside : null;
        }
    }

    /// <summary>Path of an acceptance file, or skips the calling <c>[SkippableFact]</c> with the reason when the folder is absent.</summary>
    public static string AcceptanceFile(string name)
    {
        var dir = AcceptanceDir;
        Skip.If(dir is null, $"acceptance data not found: expected ../shared/acceptance beside {RepoRoot} (or MIDTRAIN_ACCEPTANCE_DIR)");
        var path = Path.Combine(dir!, name);
        Skip.IfNot(File.Exists(path), $"acceptance file {path} is absent");
        return path;
    }

    /// <summary>A fresh temporary directory, deleted by the caller (or left for inspection on failure).</summary>
    public static string NewTempDir(string prefix = "midtrain-test")
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
