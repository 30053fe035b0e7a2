namespace MidTrain.Models.Concurrency;

/// <summary>A snapshot of one endpoint's adaptive concurrency limit. Immutable.</summary>
/// <param name="Endpoint">The endpoint URL.</param>
/// <param name="Limit">Requests it may have in flight now.</param>
/// <param name="InFlight">Requests in flight now.</param>
/// <param name="Decreases">Times the limit was cut (overload or latency growth).</param>
/// <param name="History">The limit over time.</param>
public sealed record EndpointConcurrency(string Endpoint, int Limit, int InFlight, int Decreases, IReadOnlyList<LimitChange> History);
