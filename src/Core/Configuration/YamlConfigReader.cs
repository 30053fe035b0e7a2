using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MidTrain.Core.Configuration;

/// <summary>Reads a YAML document into <see cref="ConfigNode"/>s, keeping file, line and key path. Stateless.</summary>
public static class YamlConfigReader
{
    /// <summary>Parses <paramref name="text"/> as if read from <paramref name="file"/>; null for an empty document.</summary>
    /// <exception cref="ConfigException">Invalid YAML, an anchor alias loop, or a non-scalar key.</exception>
    public static ConfigNode? Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{file}:{ex.Start.Line}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, file, string.Empty);
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing or invalid.</exception>
    public static ConfigNode? Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new ConfigException($"{path}: file not found");

    private static ConfigNode Convert(YamlNode node, string file, string path) => node switch
    {
        YamlMappingNode map => new ConfigMapping(file, map.Start.Line, path, map.Children.Select(kv =>
        {
            var key = kv.Key as YamlScalarNode ?? throw new ConfigException(file, kv.Key.Start.Line, path, "keys must be plain scalars");
            var name = key.Value ?? string.Empty;
            return new ConfigEntry(name, key.Start.Line, Convert(kv.Value, file, ConfigNode.Combine(path, name)));
        }).ToArray()),
        YamlSequenceNode seq => new ConfigSequence(file, seq.Start.Line, path, seq.Children.Select((child, i) => Convert(child, file, $"{path}[{i}]")).ToArray()),
        YamlScalarNode scalar => new ConfigScalar(file, scalar.Start.Line, path, scalar.Value, scalar.Style is not ScalarStyle.Plain),
        _ => new ConfigScalar(file, node.Start.Line, path, null),
    };
}
