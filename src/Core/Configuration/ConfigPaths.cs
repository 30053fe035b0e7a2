namespace MidTrain.Core.Configuration;

/// <summary>How relative paths in a configuration file are resolved. Stateless.</summary>
public static class ConfigPaths
{
    /// <summary>
    /// Absolute paths as they are; a relative path (or glob) from the current directory when it exists there, else from
    /// <paramref name="baseDirectory"/> (the configuration file's folder) when it exists there, else unchanged (so the
    /// error names the path as written).
    /// </summary>
    public static string Resolve(string path, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var fromCwd = Path.GetFullPath(path);
        var isGlob = path.IndexOfAny(['*', '?']) >= 0;
        if (File.Exists(fromCwd) || Directory.Exists(fromCwd) || isGlob && Directory.Exists(Path.GetDirectoryName(fromCwd)))
        {
            return path;
        }

        var fromBase = Path.Combine(baseDirectory, path);
        return File.Exists(fromBase) || Directory.Exists(fromBase) || isGlob && Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(fromBase))) ? fromBase : path;
    }
}
