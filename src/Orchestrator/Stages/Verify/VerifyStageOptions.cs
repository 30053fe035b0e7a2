namespace MidTrain.Orchestrator.Stages.Verify;

/// <summary>The <c>verify:</c> stage's own keys (the verifier's keys are those of its options type).</summary>
public sealed class VerifyStageOptions
{
    /// <summary>What to do with an <c>invalid</c> verdict: <c>reject</c> (default), <c>keep</c> or <c>fail</c>.</summary>
    public InvalidVerdictPolicy OnInvalid { get; set; } = InvalidVerdictPolicy.Reject;
}
