namespace MidTrain.Orchestrator.Runs;

/// <summary>What a run has spent so far, across its sessions (resumes). Immutable.</summary>
/// <param name="Usd">Dollars from the models' prices (0 when no model has a price).</param>
/// <param name="Priced">Whether any model used has a price (so <paramref name="Usd"/> means something).</param>
/// <param name="Tokens">Prompt plus completion tokens reported by the backends.</param>
/// <param name="Requests">Model requests that reached a backend (cache hits excluded).</param>
/// <param name="Wall">Wall-clock time of the sessions together.</param>
public sealed record RunSpending(double Usd, bool Priced, long Tokens, long Requests, TimeSpan Wall);
