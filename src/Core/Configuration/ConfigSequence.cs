namespace MidTrain.Core.Configuration;

/// <summary>A list of nodes, in document order. Immutable.</summary>
public sealed class ConfigSequence : ConfigNode
{
    /// <summary>Creates a list.</summary>
    public ConfigSequence(string file, long line, string path, IReadOnlyList<ConfigNode> items)
        : base(file, line, path) => Items = items;

    /// <summary>The items.</summary>
    public IReadOnlyList<ConfigNode> Items { get; }

    /// <inheritdoc />
    public override string KindName => "list";
}
