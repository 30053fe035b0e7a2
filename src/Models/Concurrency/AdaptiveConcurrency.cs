using System.Text.Json.Nodes;

namespace MidTrain.Models.Concurrency;

/// <summary>
/// The adaptive concurrency limits of a model's endpoints (<c>max_concurrency: auto</c>), exposed by the model's client
/// as a service (<c>client.GetService(typeof(AdaptiveConcurrency))</c>) for the progress display and the manifest.
/// Thread-safe (snapshots are taken under the pool's lock).
/// </summary>
public sealed class AdaptiveConcurrency
{
    private readonly Func<IReadOnlyList<EndpointConcurrency>> _snapshot;

    internal AdaptiveConcurrency(ConcurrencyLimit options, Func<IReadOnlyList<EndpointConcurrency>> snapshot)
    {
        Options = options;
        _snapshot = snapshot;
    }

    /// <summary>The configured bounds.</summary>
    public ConcurrencyLimit Options { get; }

    /// <summary>Each endpoint's limit now, in configuration order.</summary>
    public IReadOnlyList<EndpointConcurrency> Endpoints => _snapshot();

    /// <summary>The manifest form: bounds, and per endpoint the limit, in-flight count, decreases and history (<c>[seconds, limit, reason]</c>).</summary>
    public JsonObject ToJson()
    {
        var endpoints = Endpoints;
        return new JsonObject
        {
            ["mode"] = "auto",
            ["min"] = Options.Min,
            ["max"] = Options.Max,
            ["limit"] = endpoints.Sum(e => e.Limit),
            ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)new JsonObject
            {
                ["endpoint"] = e.Endpoint,
                ["limit"] = e.Limit,
                ["decreases"] = e.Decreases,
                ["history"] = new JsonArray(e.History.Select(h => (JsonNode)new JsonArray(h.Seconds, h.Limit, h.Reason)).ToArray()),
            }).ToArray()),
        };
    }
}
