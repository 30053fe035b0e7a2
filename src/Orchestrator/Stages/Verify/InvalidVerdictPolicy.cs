namespace MidTrain.Orchestrator.Stages.Verify;

/// <summary>What a <c>verify:</c> stage does with an <c>invalid</c> verdict ("could not verify").</summary>
public enum InvalidVerdictPolicy
{
    /// <summary>Reject the sample with the verdict as evidence (default).</summary>
    Reject,

    /// <summary>Keep the sample (the verdict is recorded).</summary>
    Keep,

    /// <summary>Fail the sample into failed.jsonl.</summary>
    Fail,
}
