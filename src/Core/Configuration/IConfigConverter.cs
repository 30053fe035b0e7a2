namespace MidTrain.Core.Configuration;

/// <summary>
/// Converts one configuration node to an options value whose shape the binder does not know (e.g. a value that may be
/// written as a list or as a mapping of weights). Named by <see cref="ConfigConverterAttribute"/>. Implementations are
/// stateless, with a public parameterless constructor; they report bad values with <see cref="ConfigNode.Error"/>.
/// </summary>
public interface IConfigConverter
{
    /// <summary>The value of <paramref name="node"/>.</summary>
    /// <exception cref="ConfigException">The node has the wrong shape.</exception>
    object? Convert(ConfigNode node);

    /// <summary>The value as JSON (for manifests and lineage).</summary>
    System.Text.Json.Nodes.JsonNode? ToJson(object? value);
}
