namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// Where an item goes: its reward, or the field that could not be routed and why (an unknown <c>reward</c>, a
/// <c>data_source</c> no reward takes and no default). Immutable.
/// </summary>
internal readonly record struct RewardRoute(IReward? Reward, string? Field, string? Error);
