namespace MidTrain.Orchestrator.Rewards;

/// <summary>A configured reward as <c>GET /v1/rewards</c> lists it. Immutable.</summary>
/// <param name="Name">The name under <c>rewards:</c>.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="DataSources">The data sources routed to it besides its name.</param>
/// <param name="NeedsGroundTruth">Whether items must carry <c>ground_truth</c>.</param>
public sealed record RewardInfo(string Name, string Kind, IReadOnlyList<string> DataSources, bool NeedsGroundTruth);
