namespace MidTrain.Verifiers.Code;

/// <summary>A language's tools found on the host: the real binaries and the directories to bind read-only so they run.</summary>
/// <param name="Interpreter">The runtime's real binary (symlinks and shims resolved), or null for languages whose run step is the compiled program.</param>
/// <param name="Compiler">The compiler's real binary, or null when the language has no separate compiler.</param>
/// <param name="BindPaths">Directories outside the system paths that the tools need (their prefix, configuration), bound read-only.</param>
internal sealed record ResolvedToolchain(string? Interpreter, string? Compiler, IReadOnlyList<string> BindPaths)
{
    /// <summary>The first bound path that "others" cannot traverse to (e.g. under a 0700 home), or null: the unprivileged sandbox user could not use it.</summary>
    public string? FirstUnreachablePath()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        foreach (var path in BindPaths)
        {
            for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
            {
                if (dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                {
                    return path;
                }
            }
        }

        return null;
    }
}
