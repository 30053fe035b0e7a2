namespace MidTrain.Models.Concurrency;

/// <summary>One point of an adaptive concurrency limit's history. Immutable.</summary>
/// <param name="Seconds">Seconds since the model was created.</param>
/// <param name="Limit">The limit from then on.</param>
/// <param name="Reason"><c>start</c>, <c>increase</c>, <c>429</c>, <c>503</c>, <c>timeout</c> or <c>latency</c>.</param>
public sealed record LimitChange(double Seconds, int Limit, string Reason);
