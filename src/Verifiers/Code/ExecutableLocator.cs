namespace MidTrain.Verifiers.Code;

/// <summary>Finds executables the way a shell would (absolute path, or the first match on PATH) and follows symlinks.</summary>
internal static class ExecutableLocator
{
    /// <summary>The absolute path of <paramref name="nameOrPath"/>, or null when it cannot be found.</summary>
    public static string? Find(string nameOrPath)
    {
        if (nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, nameOrPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The final target of <paramref name="path"/> after following every symlink.</summary>
    public static string RealPath(string path)
    {
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }

    /// <summary>Whether the current process runs as root (effective uid 0), read from <c>/proc/self/status</c>.</summary>
    public static bool IsRoot()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length > 2 && parts[2] == "0";
                }
            }
        }
        catch (IOException)
        {
        }

        return string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
    }
}
