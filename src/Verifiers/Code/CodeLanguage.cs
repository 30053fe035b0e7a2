namespace MidTrain.Verifiers.Code;

/// <summary>
/// One row of the language table: how to find the interpreter and/or compiler, where to put the program, how to
/// (optionally) compile it and how to run it. Placeholders in argument lists and environment values: <c>{file}</c>
/// (the program file), <c>{workdir}</c> (the writable work directory) and <c>{memory_mb}</c> (the memory limit of the
/// step: <see cref="SandboxOptions.CompileMemoryMb"/> for the compile step). Immutable; add languages by creating more
/// instances and passing them in <see cref="SandboxOptions.Languages"/>.
/// </summary>
public sealed record CodeLanguage
{
    /// <summary>The canonical name written into verdicts, e.g. <c>python</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Other names accepted in the <c>language</c> field (case-insensitive), e.g. <c>py</c>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// Interpreter (runtime) candidates, first usable one wins: absolute paths are used when they exist, bare names
    /// are looked up on PATH and resolved to the real binary (never a shim script). Empty for languages whose run step
    /// is the compiled program itself (<see cref="RunExecutable"/>).
    /// </summary>
    public IReadOnlyList<string> Interpreters { get; init; } = [];

    /// <summary>
    /// Compiler candidates (same rules as <see cref="Interpreters"/>) for the compile step; null when the compile step,
    /// if any, runs the interpreter.
    /// </summary>
    public IReadOnlyList<string>? Compilers { get; init; }

    /// <summary>
    /// What the run step executes instead of the interpreter, e.g. <c>{workdir}/main</c> for a compiled binary;
    /// null to run the interpreter.
    /// </summary>
    public string? RunExecutable { get; init; }

    /// <summary>The program's file name in the source directory, e.g. <c>main.py</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments given to the interpreter to run the program.</summary>
    public IReadOnlyList<string> RunArguments { get; init; } = ["{file}"];

    /// <summary>
    /// Arguments given to the compiler (or, without <see cref="Compilers"/>, the interpreter) for a compile step run
    /// before the program; null: no compile step. A compile step has its own limits
    /// (<see cref="SandboxOptions.CompileTimeout"/>, <see cref="SandboxOptions.CompileMemoryMb"/>); when it fails the
    /// program does not run and the result is a compile error with the compiler's message.
    /// </summary>
    public IReadOnlyList<string>? CompileArguments { get; init; }

    /// <summary>Interpreter arguments that apply the memory limit in the runtime itself (e.g. V8's heap size), placed before <see cref="RunArguments"/>.</summary>
    public IReadOnlyList<string> MemoryArguments { get; init; } = [];

    /// <summary>
    /// Extra address space (MiB) added to the memory limit, of both the compile and the run step, for runtimes that
    /// reserve large virtual ranges up front (V8, the JVM, Go), so that the limit still bounds the heap rather than
    /// preventing start-up.
    /// </summary>
    public int AddressSpaceOverheadMb { get; init; }

    /// <summary>Environment variables set inside the sandbox in addition to the minimal allow-list.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Arguments of a quick run that proves the interpreter or compiler works (exit code 0). When its first output line
    /// is an existing file, that is taken as the real executable and further lines as directories it needs (its
    /// installation prefix), bound read-only; otherwise the located binary (symlinks resolved) is used. Run once per
    /// tool and process. Default <c>--version</c>.
    /// </summary>
    public IReadOnlyList<string> ProbeArguments { get; init; } = ["--version"];

    /// <summary>
    /// Host paths the toolchain needs besides its own prefix, bound read-only when they exist (e.g. the JDK's
    /// configuration under <c>/etc</c>). A <c>*</c> in the last path component matches any suffix.
    /// </summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>How to install the toolchain, quoted when it is missing (e.g. <c>apt-get install -y golang-go</c>).</summary>
    public string? InstallHint { get; init; }

    /// <summary>
    /// Whether the run step executes inside the warm sandbox server's own Python 3 interpreter (forked, no exec), which
    /// saves the interpreter's start-up per program. Only meaningful for Python.
    /// </summary>
    public bool RunsInServer { get; init; }

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
