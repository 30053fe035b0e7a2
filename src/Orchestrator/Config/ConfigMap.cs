using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MidTrain.Orchestrator.Config;

/// <summary>
/// A YAML mapping read with key tracking: typed getters report wrong types with file, line and the key's full path,
/// and <see cref="EnsureAllUsed"/> rejects unknown keys the same way. Not thread-safe (configuration is read once).
/// </summary>
public sealed class ConfigMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="node"/> found at <paramref name="path"/> in <paramref name="file"/>.</summary>
    public ConfigMap(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    /// <summary>The configuration file.</summary>
    public string File { get; }

    /// <summary>The key path of this mapping (e.g. <c>stages[2]</c>), empty at the top.</summary>
    public string Path { get; }

    /// <summary>The line of the mapping.</summary>
    public long Line => _node.Start.Line;

    /// <summary>The keys, in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>The full path of <paramref name="key"/>.</summary>
    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>An error at <paramref name="key"/> (or at this mapping when null).</summary>
    public ConfigException Error(string? key, string message)
    {
        var node = key is null ? null : Find(key);
        var mark = node?.Start ?? _node.Start;
        var where = key is null ? (Path.Length == 0 ? "(top level)" : Path) : KeyPath(key);
        return new ConfigException($"{File}:{mark.Line}: key '{where}': {message}");
    }

    /// <summary>Marks <paramref name="key"/> as known without reading it.</summary>
    public void MarkUsed(string key) => _used.Add(key);

    /// <summary>Throws for the first key that no getter asked for.</summary>
    public void EnsureAllUsed(IEnumerable<string>? allowedForMessage = null)
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!_used.Contains(key))
            {
                var allowed = (allowedForMessage ?? _used).Order(StringComparer.Ordinal).ToArray();
                throw new ConfigException($"{File}:{keyNode.Start.Line}: unknown key '{KeyPath(key)}'" + (allowed.Length > 0 ? $" (known keys here: {string.Join(", ", allowed)})" : string.Empty));
            }
        }
    }

    /// <summary>The raw node of <paramref name="key"/>, or null (marks it used).</summary>
    public YamlNode? Node(string key)
    {
        _used.Add(key);
        return Find(key);
    }

    /// <summary>A string, or <paramref name="fallback"/> when absent.</summary>
    public string? GetString(string key, string? fallback = null)
    {
        var node = Node(key);
        if (node is null || IsNull(node))
        {
            return fallback;
        }

        return node is YamlScalarNode scalar ? scalar.Value : throw Error(key, $"expected a string, got a {Describe(node)}");
    }

    /// <summary>A required string.</summary>
    public string RequireString(string key) =>
        GetString(key) is { Length: > 0 } value ? value : throw Error(key, "is required").WithMissing(this, key);

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/>.</summary>
    public long GetLong(string key, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = GetString(key);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(key, $"expected an integer, got '{text}'");
        }

        return value < min || value > max ? throw Error(key, $"must be between {min} and {max}, got {value}") : value;
    }

    /// <summary>An <see cref="int"/> within bounds, or <paramref name="fallback"/>.</summary>
    public int GetInt(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) => (int)GetLong(key, fallback, min, max);

    /// <summary>A number within bounds, or <paramref name="fallback"/>.</summary>
    public double GetDouble(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = GetString(key);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(key, $"expected a number, got '{text}'");
        }

        return value < min || value > max ? throw Error(key, $"must be between {min} and {max}, got {value}") : value;
    }

    /// <summary>A boolean, or <paramref name="fallback"/>.</summary>
    public bool GetBool(string key, bool fallback)
    {
        var text = GetString(key);
        return text switch
        {
            null => fallback,
            "true" or "yes" or "on" or "True" => true,
            "false" or "no" or "off" or "False" => false,
            _ => throw Error(key, $"expected true or false, got '{text}'"),
        };
    }

    /// <summary>One of <paramref name="allowed"/>, or <paramref name="fallback"/>.</summary>
    public string GetChoice(string key, string fallback, params string[] allowed)
    {
        var text = GetString(key) ?? fallback;
        return allowed.Contains(text, StringComparer.Ordinal) ? text : throw Error(key, $"must be one of {string.Join(", ", allowed)}, got '{text}'");
    }

    /// <summary>A list of strings (a scalar is a one-element list), or null when absent.</summary>
    public IReadOnlyList<string>? GetStringList(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            _ when IsNull(node) => null,
            YamlScalarNode scalar => [scalar.Value ?? string.Empty],
            YamlSequenceNode sequence => sequence.Children.Select((child, i) => child is YamlScalarNode s
                ? s.Value ?? string.Empty
                : throw new ConfigException($"{File}:{child.Start.Line}: key '{KeyPath(key)}[{i}]': expected a string, got a {Describe(child)}")).ToArray(),
            _ => throw Error(key, $"expected a list of strings, got a {Describe(node)}"),
        };
    }

    /// <summary>A nested mapping, or null when absent.</summary>
    public ConfigMap? GetMap(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            _ when IsNull(node) => null,
            YamlMappingNode map => new ConfigMap(map, File, KeyPath(key)),
            _ => throw Error(key, $"expected a mapping, got a {Describe(node)}"),
        };
    }

    /// <summary>A list of mappings, or null when absent.</summary>
    public IReadOnlyList<ConfigMap>? GetMapList(string key)
    {
        var node = Node(key);
        return node switch
        {
            null => null,
            _ when IsNull(node) => null,
            YamlSequenceNode sequence => sequence.Children.Select((child, i) => child is YamlMappingNode map
                ? new ConfigMap(map, File, $"{KeyPath(key)}[{i}]")
                : throw new ConfigException($"{File}:{child.Start.Line}: key '{KeyPath(key)}[{i}]': expected a mapping, got a {Describe(child)}")).ToArray(),
            _ => throw Error(key, $"expected a list, got a {Describe(node)}"),
        };
    }

    /// <summary>
    /// The keys not in <paramref name="exclude"/> as plain values (scalars as strings, lists, nested dictionaries), for
    /// components that read their own options; those keys are marked used.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToPlainDictionary(params string[] exclude)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (exclude.Contains(key))
            {
                continue;
            }

            _used.Add(key);
            result[key] = Plain(value);
        }

        return result;
    }

    private static object? Plain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? string.Empty, kv => Plain(kv.Value), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(Plain).ToList(),
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    /// <summary>This mapping as JSON (scalars typed as YAML 1.2 core schema would read them), for the manifest.</summary>
    public JsonObject ToJson() => (JsonObject)ToJson(_node)!;

    /// <summary>Converts any YAML node to JSON.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar when scalar.Style is ScalarStyle.Plain => PlainScalar(scalar.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonNode? PlainScalar(string? value)
    {
        if (value is null or "~" or "null" or "")
        {
            return null;
        }

        if (value is "true" or "false")
        {
            return JsonValue.Create(value == "true");
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    private YamlNode? Find(string key) =>
        _node.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    internal static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "scalar",
    };
}

internal static class ConfigExceptionExtensions
{
    public static ConfigException WithMissing(this ConfigException exception, ConfigMap map, string key) =>
        map.Has(key) ? exception : new ConfigException($"{map.File}:{map.Line}: key '{map.KeyPath(key)}': is required");
}
