namespace MidTrain.Orchestrator.Tests.Rewards;

/// <summary>Skips (never fails) tests that run code where bubblewrap is not installed, as the sandbox suite does.</summary>
internal static class SandboxRequirement
{
    public static bool BubblewrapInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, "bwrap")));

    public static void Require() => Skip.IfNot(BubblewrapInstalled, "bubblewrap (bwrap) is not installed: apt-get install -y bubblewrap");
}
