using System.Text.Json.Nodes;

namespace MidTrain.Datasets.Cards;

/// <summary>Model usage of one model or stage as a manifest records it (a missing figure is null). Immutable.</summary>
/// <param name="Name">The model or stage name.</param>
/// <param name="Requests">Requests that reached a backend.</param>
/// <param name="TokensIn">Prompt tokens.</param>
/// <param name="TokensCached">Prompt tokens served from the provider's prompt cache.</param>
/// <param name="TokensOut">Completion tokens (reasoning included).</param>
/// <param name="CostUsd">Dollars from the pipeline's prices, or null when unpriced.</param>
public sealed record UsageRow(string Name, long? Requests, long? TokensIn, long? TokensCached, long? TokensOut, double? CostUsd)
{
    /// <summary>Reads the figures of <paramref name="node"/> (a <c>models.X</c>, <c>usage</c> or <c>usage.stages.X</c> object).</summary>
    public static UsageRow Of(string name, JsonObject? node) => new(
        name,
        RunManifestView.Long(node?["requests"]),
        RunManifestView.Long(node?["tokens_in"]),
        RunManifestView.Long(node?["tokens_cached"]),
        RunManifestView.Long(node?["tokens_out"]),
        RunManifestView.Double(node?["cost_usd"]));
}
