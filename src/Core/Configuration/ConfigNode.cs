namespace MidTrain.Core.Configuration;

/// <summary>
/// One node of a configuration document (a pipeline YAML, a rewards config): a <see cref="ConfigScalar"/>, a
/// <see cref="ConfigSequence"/> or a <see cref="ConfigMapping"/>, with the file, line and key path it was read from so
/// that every error can name them. Parser-neutral: components see these nodes, never YamlDotNet's. Immutable.
/// </summary>
public abstract class ConfigNode
{
    /// <summary>Creates a node read at <paramref name="file"/>:<paramref name="line"/>, reached by <paramref name="path"/>.</summary>
    protected ConfigNode(string file, long line, string path)
    {
        File = file;
        Line = line;
        Path = path;
    }

    /// <summary>The configuration file (or a label such as <c>--set</c> for values from the command line).</summary>
    public string File { get; }

    /// <summary>The 1-based line where the node starts.</summary>
    public long Line { get; }

    /// <summary>The key path from the document root, e.g. <c>stages[2].dedup.jaccard</c> (empty at the root).</summary>
    public string Path { get; }

    /// <summary>"mapping", "list" or "scalar", for messages.</summary>
    public abstract string KindName { get; }

    /// <summary>An error located at this node: <c>file:line: key 'path': message</c>.</summary>
    public ConfigException Error(string message) => new(File, Line, Path, message);

    /// <summary>The key path of <paramref name="key"/> below a node at <paramref name="path"/>.</summary>
    public static string Combine(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
