namespace MidTrain.Orchestrator.Limits;

/// <summary>Why a run stopped reading input early. Immutable.</summary>
/// <param name="Kind"><c>budget</c> (the run drains and ends <see cref="Runs.RunStatus.Interrupted"/>; resumable with a raised budget) or <c>target</c> (the run completes).</param>
/// <param name="Key">The limit reached: <c>usd</c>, <c>tokens</c>, <c>requests</c>, <c>wall</c> or <c>accepted</c>.</param>
/// <param name="Value">The figure when it was reached (dollars, tokens, requests, seconds, accepted samples).</param>
/// <param name="Limit">The limit (same unit).</param>
/// <param name="Message">One line, e.g. <c>budget reached: usd 200.04 of 200</c>.</param>
public sealed record LimitStop(string Kind, string Key, double Value, double Limit, string Message);
