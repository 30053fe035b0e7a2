using System.Collections;
using System.Globalization;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// A plug-in verifier as written in the pipeline YAML:
/// <c>{ plugin: process, command: [python3, v.py], instances: 2, timeout_s: 30, name: x }</c> or
/// <c>{ plugin: dotnet, path: plugins/X.dll, type: Full.TypeName, settings: {k: v} }</c>.
/// Build one with <see cref="FromMapping"/> (from a parsed YAML/JSON mapping) and turn it into a verifier with
/// <see cref="VerifierPluginFactory"/>.
/// </summary>
public sealed class VerifierPluginOptions
{
    /// <summary><c>process</c> or <c>dotnet</c>.</summary>
    public required string Plugin { get; init; }

    /// <summary>For <c>process</c>: the command and arguments.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>For <c>process</c>: instances (default 1).</summary>
    public int Instances { get; init; } = 1;

    /// <summary>For <c>process</c>: per-request timeout in seconds (default 30).</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>For <c>dotnet</c>: the assembly path.</summary>
    public string? Path { get; init; }

    /// <summary>For <c>dotnet</c>: the full type name (optional when the assembly has exactly one verifier).</summary>
    public string? Type { get; init; }

    /// <summary>Verdict name override (process plug-ins).</summary>
    public string? Name { get; init; }

    /// <summary>Verdict version (process plug-ins, default <c>1</c>).</summary>
    public string? Version { get; init; }

    /// <summary>Settings: environment variables for process plug-ins, constructor settings for dotnet plug-ins.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Reads the options from a mapping (YamlDotNet's or System.Text.Json-converted dictionaries, lists and scalars).
    /// Throws <see cref="PluginException"/> naming the bad key.
    /// </summary>
    public static VerifierPluginOptions FromMapping(IReadOnlyDictionary<string, object?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var known = new HashSet<string>(StringComparer.Ordinal) { "plugin", "command", "instances", "timeout_s", "path", "type", "name", "version", "settings", "env" };
        foreach (var key in map.Keys)
        {
            if (!known.Contains(key))
            {
                throw new PluginException($"plugin: unknown key '{key}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }
        }

        var plugin = Scalar(map, "plugin") ?? throw new PluginException("plugin: the 'plugin' key is required (process or dotnet)");
        if (plugin is not ("process" or "dotnet"))
        {
            throw new PluginException($"plugin: 'plugin' must be process or dotnet (was '{plugin}')");
        }

        var command = map.TryGetValue("command", out var c) && c is not null
            ? c switch
            {
                string s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                IEnumerable e => e.Cast<object?>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? "").ToArray(),
                _ => throw new PluginException("plugin: 'command' must be a list of strings"),
            }
            : [];
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in new[] { "settings", "env" })
        {
            if (map.TryGetValue(key, out var s) && s is not null)
            {
                if (s is not IEnumerable entries || s is string)
                {
                    throw new PluginException($"plugin: '{key}' must be a mapping");
                }

                foreach (var entry in entries)
                {
                    var (k, v) = entry switch
                    {
                        DictionaryEntry d => (Convert.ToString(d.Key, CultureInfo.InvariantCulture), Convert.ToString(d.Value, CultureInfo.InvariantCulture)),
                        KeyValuePair<string, object?> p => (p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture)),
                        KeyValuePair<object, object?> p => (Convert.ToString(p.Key, CultureInfo.InvariantCulture), Convert.ToString(p.Value, CultureInfo.InvariantCulture)),
                        _ => throw new PluginException($"plugin: '{key}' must be a mapping"),
                    };
                    settings[k ?? ""] = v ?? "";
                }
            }
        }

        var options = new VerifierPluginOptions
        {
            Plugin = plugin,
            Command = command,
            Instances = (int)(Number(map, "instances") ?? 1),
            TimeoutSeconds = Number(map, "timeout_s") ?? 30,
            Path = Scalar(map, "path"),
            Type = Scalar(map, "type"),
            Name = Scalar(map, "name"),
            Version = Scalar(map, "version"),
            Settings = settings,
        };
        if (plugin == "process" && options.Command.Count == 0)
        {
            throw new PluginException("plugin: 'command' is required for plugin: process");
        }

        if (plugin == "dotnet" && string.IsNullOrWhiteSpace(options.Path))
        {
            throw new PluginException("plugin: 'path' is required for plugin: dotnet");
        }

        if (options.Instances < 1 || !(options.TimeoutSeconds > 0))
        {
            throw new PluginException("plugin: 'instances' must be ≥ 1 and 'timeout_s' > 0");
        }

        return options;
    }

    private static string? Scalar(IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is not null
            ? v is string or IConvertible ? Convert.ToString(v, CultureInfo.InvariantCulture) : throw new PluginException($"plugin: '{key}' must be a scalar")
            : null;

    private static double? Number(IReadOnlyDictionary<string, object?> map, string key)
    {
        var s = Scalar(map, key);
        if (s is null)
        {
            return null;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new PluginException($"plugin: '{key}' must be a number (was '{s}')");
    }
}
