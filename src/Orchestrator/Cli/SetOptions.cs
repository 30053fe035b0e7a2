using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Cli;

/// <summary>
/// Reads <c>--set KEY=VALUE</c> options into a configuration mapping: each value is YAML (<c>0.8</c>, <c>true</c>,
/// <c>[en, fr]</c>, <c>{a: 1}</c>), and an error names <c>--set</c> and the key.
/// </summary>
internal static class SetOptions
{
    public static ConfigMapping Parse(IEnumerable<string> pairs)
    {
        var lines = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--set {pair}: expected KEY=VALUE");
            }

            var key = pair[..equals].Trim();
            if (!keys.Add(key))
            {
                throw new UsageException($"--set {key}: given twice");
            }

            var value = pair[(equals + 1)..];
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw new UsageException($"--set {key}: the value must be on one line");
            }

            lines.Add($"{key}: {value}");
        }

        return lines.Count == 0
            ? ConfigMapping.Empty("--set")
            : YamlConfigReader.Parse(string.Join('\n', lines), "--set") as ConfigMapping ?? throw new UsageException("--set: not a list of KEY=VALUE options");
    }
}
