namespace MidTrain.Verifiers.Code;

/// <summary>
/// One command of an <see cref="ExecutionPlan"/>: a compile step or the program's run step, with its own limits.
/// </summary>
/// <param name="Arguments">The command line, executable first (placeholders already expanded).</param>
/// <param name="Timeout">The step's wall-clock limit.</param>
/// <param name="Limits">The step's rlimits.</param>
/// <param name="Environment">The step's complete environment.</param>
/// <param name="IsCompile">True for a compile step: its failure is a compile error and the program does not run.</param>
/// <param name="RunsInServer">True when a warm server may run it in its own Python interpreter instead of executing <see cref="Arguments"/>.</param>
internal sealed record SandboxStep(
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    ProcessLimits Limits,
    IReadOnlyDictionary<string, string> Environment,
    bool IsCompile,
    bool RunsInServer);
