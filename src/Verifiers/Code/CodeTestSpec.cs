namespace MidTrain.Verifiers.Code;

/// <summary>
/// A parsed, runnable code check: the program (or code plus cases), the language and the limits. Built by
/// <see cref="CodeTestSpecParser"/>. Immutable.
/// </summary>
public sealed record CodeTestSpec
{
    /// <summary>Which of the three formats the input used.</summary>
    public required CodeTestFormat Format { get; init; }

    /// <summary>The language to run.</summary>
    public required CodeLanguage Language { get; init; }

    /// <summary>The complete program for <see cref="CodeTestFormat.HumanEval"/> and <see cref="CodeTestFormat.AssertList"/>, or the code for <see cref="CodeTestFormat.StdioCases"/>.</summary>
    public required string Program { get; init; }

    /// <summary>The cases of <see cref="CodeTestFormat.StdioCases"/> (empty otherwise).</summary>
    public IReadOnlyList<StdioCase> Cases { get; init; } = [];

    /// <summary>How stdin/stdout outputs are compared.</summary>
    public OutputComparison Comparison { get; init; } = OutputComparison.Whitespace;

    /// <summary>Tolerance of <see cref="OutputComparison.Numeric"/>.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Per-execution wall-clock limit (null: the sandbox default).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Per-execution memory limit in MiB (null: the sandbox default).</summary>
    public int? MemoryMb { get; init; }
}
