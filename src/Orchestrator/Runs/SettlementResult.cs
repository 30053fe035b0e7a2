namespace MidTrain.Orchestrator.Runs;

/// <summary>What <see cref="RunSettlement.Apply"/> changed in a run's outputs. Immutable.</summary>
/// <param name="FromAccepted">Lines moved from accepted.jsonl to rejected.jsonl.</param>
/// <param name="FromFailed">Lines moved from failed.jsonl to rejected.jsonl.</param>
/// <param name="Relabelled">Lines of rejected.jsonl whose rejection was replaced.</param>
public sealed record SettlementResult(long FromAccepted, long FromFailed, long Relabelled)
{
    /// <summary>Nothing changed.</summary>
    public static SettlementResult None { get; } = new(0, 0, 0);

    /// <summary>Whether anything changed.</summary>
    public bool Changed => FromAccepted + FromFailed + Relabelled > 0;
}
