namespace MidTrain.Verifiers.Code;

/// <summary>What to run for one <see cref="ExecutionRequest"/>: the source file and its steps, in order.</summary>
/// <param name="SourceFileName">The program's file name in the source directory (e.g. <c>main.py</c>).</param>
/// <param name="Source">The program text.</param>
/// <param name="Stdin">Given to the run step only (compile steps read <c>/dev/null</c>).</param>
/// <param name="Steps">At most one compile step, then the run step.</param>
internal sealed record ExecutionPlan(string SourceFileName, string Source, string? Stdin, IReadOnlyList<SandboxStep> Steps)
{
    /// <summary>The run step (always the last).</summary>
    public SandboxStep Run => Steps[^1];

    /// <summary>The sum of the steps' wall-clock limits.</summary>
    public TimeSpan TotalTimeout => Steps.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Timeout);
}
