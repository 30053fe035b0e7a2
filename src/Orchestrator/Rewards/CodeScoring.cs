namespace MidTrain.Orchestrator.Rewards;

/// <summary>How a <c>kind: code</c> reward turns test results into a score.</summary>
public enum CodeScoring
{
    /// <summary>1 when every test passes, else 0 (execution stops at the first failing test).</summary>
    All,

    /// <summary>The share of tests passed: each assert or stdin/stdout case runs on its own (a HumanEval check is one test).</summary>
    Fraction,
}
