using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Config;

/// <summary>
/// One entry of <c>stages:</c>: its kind (whichever key of the mapping is a stage kind — YAML mappings are unordered,
/// so the kind key may stand anywhere), the kind's value (e.g. <c>backtranslation</c>, a list of criteria, or a
/// mapping of options) and the settings: the stage's other keys, plus the keys of an inline mapping value
/// (<c>chunk: {max_chars: 2000}</c>). Immutable.
/// </summary>
public sealed class StageSpec
{
    /// <summary>Creates a spec.</summary>
    /// <exception cref="ConfigException">A key is given both inline and on the stage.</exception>
    public StageSpec(int index, string kind, ConfigMapping mapping)
    {
        Index = index;
        Kind = kind;
        Mapping = mapping;
        Value = mapping[kind]!;
        var entries = mapping.Entries.Where(e => e.Key != kind).ToList();
        if (Value is ConfigMapping inline)
        {
            foreach (var entry in inline.Entries)
            {
                if (mapping.ContainsKey(entry.Key))
                {
                    throw new ConfigException(inline.File, entry.KeyLine, entry.Value.Path, $"given both inline in '{kind}' and on the stage");
                }

                entries.Add(entry);
            }
        }

        Settings = new ConfigMapping(mapping.File, mapping.Line, mapping.Path, entries);
    }

    /// <summary>0-based position in <c>stages:</c>.</summary>
    public int Index { get; }

    /// <summary>The stage kind.</summary>
    public string Kind { get; }

    /// <summary>The value of the kind key.</summary>
    public ConfigNode Value { get; }

    /// <summary>The whole stage mapping.</summary>
    public ConfigMapping Mapping { get; }

    /// <summary>The stage's keys other than the kind, with an inline mapping value's keys merged in.</summary>
    public ConfigMapping Settings { get; }

    /// <summary>The kind's value as a scalar string, or null when it is a list or mapping.</summary>
    public string? ValueText => Value is ConfigScalar { IsNull: false } scalar ? scalar.Value : null;

    /// <summary>The kind's value as a list of strings (a scalar is a one-element list; a mapping is empty).</summary>
    public IReadOnlyList<string> ValueList => Value switch
    {
        ConfigScalar { IsNull: false } scalar when !string.IsNullOrEmpty(scalar.Value) => [scalar.Value!],
        ConfigSequence seq => seq.Items.Select(item => item is ConfigScalar s ? s.Value ?? string.Empty
            : throw item.Error($"expected a name, got a {item.KindName}")).ToArray(),
        _ => [],
    };

    /// <summary>A short display name: the <c>name</c> key, else e.g. <c>verify:math</c>.</summary>
    public string DisplayName =>
        Settings["name"] is ConfigScalar { IsNull: false, Value: { Length: > 0 } name } ? name
        : ValueList is { Count: > 0 } values ? $"{Kind}:{string.Join('+', values)}"
        : Kind;
}
