namespace MidTrain.Core.Configuration;

/// <summary>
/// A mapping of keys to nodes. Keys keep document order for display, but nothing depends on that order (YAML
/// mappings are unordered, and tools such as PyYAML's <c>safe_dump</c> sort them). Immutable.
/// </summary>
public sealed class ConfigMapping : ConfigNode
{
    private readonly Dictionary<string, ConfigEntry> _byKey;

    /// <summary>Creates a mapping; a key given twice is an error at its second occurrence.</summary>
    /// <exception cref="ConfigException">A duplicate key.</exception>
    public ConfigMapping(string file, long line, string path, IReadOnlyList<ConfigEntry> entries)
        : base(file, line, path)
    {
        Entries = entries;
        _byKey = new Dictionary<string, ConfigEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!_byKey.TryAdd(entry.Key, entry))
            {
                throw new ConfigException(file, entry.KeyLine, Combine(path, entry.Key), "the key is given twice");
            }
        }
    }

    /// <summary>An empty mapping at <paramref name="path"/>.</summary>
    public static ConfigMapping Empty(string file, string path = "") => new(file, 0, path, []);

    /// <summary>The entries in document order.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; }

    /// <summary>The keys in document order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    /// <summary>The number of keys.</summary>
    public int Count => Entries.Count;

    /// <inheritdoc />
    public override string KindName => "mapping";

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public ConfigNode? this[string key] => _byKey.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>The entry of <paramref name="key"/>, or null.</summary>
    public ConfigEntry? Entry(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>An error at <paramref name="key"/> (its line and path), or at this mapping when the key is absent.</summary>
    public ConfigException ErrorAt(string key, string message) =>
        _byKey.TryGetValue(key, out var entry)
            ? new ConfigException(File, entry.KeyLine, Combine(Path, key), message)
            : new ConfigException(File, Line, Combine(Path, key), message);

    /// <summary>This mapping without <paramref name="keys"/> (same file, line and path).</summary>
    public ConfigMapping Without(params string[] keys) =>
        new(File, Line, Path, Entries.Where(e => !keys.Contains(e.Key, StringComparer.Ordinal)).ToArray());

    /// <summary>
    /// Throws for the first key of this mapping that is not in <paramref name="known"/>, naming the known keys.
    /// </summary>
    public void EnsureOnly(IEnumerable<string> known)
    {
        var set = known as ISet<string> ?? new HashSet<string>(known, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (!set.Contains(entry.Key))
            {
                throw ConfigException.UnknownKey(File, entry.KeyLine, Combine(Path, entry.Key), set);
            }
        }
    }
}
