using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Cli;

/// <summary>Reads <c>--set KEY=VALUE</c> options into a configuration mapping (errors name the flag).</summary>
internal static class SetOptions
{
    public static ConfigMapping Parse(IEnumerable<string> pairs)
    {
        var entries = new List<ConfigEntry>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--set {pair}: expected KEY=VALUE");
            }

            var key = pair[..equals].Trim();
            if (entries.Any(e => e.Key == key))
            {
                throw new UsageException($"--set {key}: given twice");
            }

            entries.Add(new ConfigEntry(key, 0, new ConfigScalar("--set", 0, key, pair[(equals + 1)..])));
        }

        return new ConfigMapping("--set", 0, string.Empty, entries);
    }
}
