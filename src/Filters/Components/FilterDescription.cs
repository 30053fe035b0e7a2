using System.Text.Json.Nodes;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Components;

/// <summary>A filter's identity for lineage and manifests. Stateless.</summary>
public static class FilterDescription
{
    /// <summary>
    /// <c>{"name", "version", "parameters", "counters"}</c> of <paramref name="filter"/>; <c>counters</c> only when the
    /// filter (or one it wraps) counts (<see cref="CountingFilter"/>).
    /// </summary>
    public static JsonObject Of(IFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var description = new JsonObject
        {
            ["name"] = filter.Name,
            ["version"] = filter.Version,
            ["parameters"] = filter.Parameters,
        };
        if (filter.GetService(typeof(FilterCounters)) is FilterCounters counters)
        {
            description["counters"] = counters.ToJson();
        }

        return description;
    }
}
