namespace MidTrain.Verifiers.Code;

/// <summary>One program to run in the sandbox. Immutable.</summary>
/// <param name="Language">The language (see <see cref="CodeLanguages"/>).</param>
/// <param name="Source">The complete program text, written to the language's file name in a read-only source dir.</param>
public sealed record ExecutionRequest(CodeLanguage Language, string Source)
{
    /// <summary>Bytes fed to the program's standard input (empty when null).</summary>
    public string? Stdin { get; init; }

    /// <summary>Wall-clock limit; null uses <see cref="SandboxOptions.DefaultTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Wall-clock limit of the compile step of a compiled language; null uses <see cref="SandboxOptions.CompileTimeout"/>.
    /// Clamped to <see cref="SandboxOptions.MaxTimeout"/> like <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan? CompileTimeout { get; init; }

    /// <summary>Address-space limit in MiB; null uses <see cref="SandboxOptions.DefaultMemoryMb"/>.</summary>
    public int? MemoryMb { get; init; }
}
