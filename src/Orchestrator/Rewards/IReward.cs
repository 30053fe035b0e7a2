namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// One configured reward: scores a <see cref="RewardItem"/>. Per-item problems (no answer, failing tests, an unusable
/// judge reply) are results with their reason, never exceptions; only cancellation and programming errors throw.
/// Implementations are thread-safe.
/// </summary>
internal interface IReward
{
    /// <summary>The name under <c>rewards:</c>.</summary>
    string Name { get; }

    /// <summary>The kind (<c>math</c>, <c>code</c>, <c>judge</c>…).</summary>
    string Kind { get; }

    /// <summary>Whether an item without <c>ground_truth</c> is a malformed request for this reward.</summary>
    bool RequiresGroundTruth { get; }

    /// <summary>Whether scoring is CPU work on the calling thread (bounded by the server's workers) rather than waiting on a sandbox or a model.</summary>
    bool IsCpuBound { get; }

    /// <summary>Scores <paramref name="item"/>.</summary>
    ValueTask<RewardResult> ScoreAsync(RewardItem item, CancellationToken cancellationToken);
}
