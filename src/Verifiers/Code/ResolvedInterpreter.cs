namespace MidTrain.Verifiers.Code;

/// <summary>An interpreter found on the host: its real binary and the directories to bind read-only so it can run.</summary>
/// <param name="Executable">The real binary (symlinks and shims resolved).</param>
/// <param name="BindPaths">Directories outside the system paths that the interpreter needs (its prefix), bound read-only.</param>
internal sealed record ResolvedInterpreter(string Executable, IReadOnlyList<string> BindPaths);
