using YamlDotNet.RepresentationModel;

namespace MidTrain.Orchestrator.Config;

/// <summary>
/// One entry of <c>stages:</c>: its kind (the first key: <c>chunk</c>, <c>generate</c>, <c>verify</c>, <c>judge</c>,
/// <c>generic</c>), the kind's value (e.g. <c>backtranslation</c>, a list of criteria, or a mapping of options) and the
/// remaining keys as options.
/// </summary>
public sealed class StageSpec
{
    /// <summary>Creates a spec.</summary>
    public StageSpec(int index, string kind, YamlNode value, ConfigMap options)
    {
        Index = index;
        Kind = kind;
        Value = value;
        Options = options;
    }

    /// <summary>0-based position in <c>stages:</c>.</summary>
    public int Index { get; }

    /// <summary>The stage kind.</summary>
    public string Kind { get; }

    /// <summary>The value of the kind key.</summary>
    public YamlNode Value { get; }

    /// <summary>The stage's mapping (the kind key is already marked used).</summary>
    public ConfigMap Options { get; }

    /// <summary>The kind's value as a scalar string, or null when it is a list or mapping.</summary>
    public string? ValueText => Value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The kind's value as a list of strings (a scalar is a one-element list).</summary>
    public IReadOnlyList<string> ValueList => Value switch
    {
        YamlScalarNode scalar when !string.IsNullOrEmpty(scalar.Value) => [scalar.Value!],
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToArray(),
        _ => [],
    };

    /// <summary>Options given inline as the kind's value (<c>chunk: {max_chars: 2000}</c>), else the stage mapping itself.</summary>
    public ConfigMap InlineOrOptions => Value is YamlMappingNode map ? new ConfigMap(map, Options.File, Options.KeyPath(Kind)) : Options;

    /// <summary>A short display name, e.g. <c>verify:math</c>.</summary>
    public string DisplayName
    {
        get
        {
            var name = Options.GetString("name");
            if (!string.IsNullOrEmpty(name))
            {
                return name;
            }

            var values = ValueList;
            return values.Count > 0 ? $"{Kind}:{string.Join('+', values)}" : Kind;
        }
    }
}
