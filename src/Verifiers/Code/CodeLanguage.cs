namespace MidTrain.Verifiers.Code;

/// <summary>
/// One row of the language table: how to find the interpreter, where to put the program, how to (optionally)
/// compile it and how to run it. Placeholders in argument lists: <c>{file}</c> (the program file), <c>{workdir}</c>
/// (the writable work directory) and <c>{memory_mb}</c> (the memory limit). Immutable; add languages by creating
/// more instances and passing them in <see cref="SandboxOptions.Languages"/>.
/// </summary>
public sealed record CodeLanguage
{
    /// <summary>The canonical name written into verdicts, e.g. <c>python</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Other names accepted in the <c>language</c> field (case-insensitive), e.g. <c>py</c>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// Interpreter candidates, first usable one wins: absolute paths are used when they exist, bare names are looked
    /// up on PATH and resolved to the real binary (never a shim script).
    /// </summary>
    public required IReadOnlyList<string> Interpreters { get; init; }

    /// <summary>The program's file name in the source directory, e.g. <c>main.py</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments given to the interpreter to run the program.</summary>
    public IReadOnlyList<string> RunArguments { get; init; } = ["{file}"];

    /// <summary>Arguments given to the interpreter for a compile step run before the program (null: no compile step).</summary>
    public IReadOnlyList<string>? CompileArguments { get; init; }

    /// <summary>Interpreter arguments that apply the memory limit in the runtime itself (e.g. V8's heap size), placed before <see cref="RunArguments"/>.</summary>
    public IReadOnlyList<string> MemoryArguments { get; init; } = [];

    /// <summary>
    /// Extra address space (MiB) added to the memory limit for runtimes that reserve large virtual ranges up front
    /// (V8), so that the limit still bounds the heap rather than preventing start-up.
    /// </summary>
    public int AddressSpaceOverheadMb { get; init; }

    /// <summary>Environment variables set inside the sandbox in addition to the minimal allow-list.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Arguments that make the interpreter print its real executable path on the first line and, on further lines,
    /// directories it needs (its installation prefix). Used once per language to decide what to bind read-only.
    /// </summary>
    public required IReadOnlyList<string> ProbeArguments { get; init; }

    /// <summary>
    /// The statement appended after a HumanEval-style test to run it, with <c>{entry_point}</c> replaced, e.g.
    /// <c>check({entry_point})</c>; null when the test code calls itself.
    /// </summary>
    public string? HumanEvalCheck { get; init; }

    /// <summary>Whether <paramref name="name"/> names this language (its name or an alias, case-insensitive).</summary>
    public bool Matches(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) ||
        Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
}
