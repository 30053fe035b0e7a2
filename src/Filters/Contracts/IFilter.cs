using System.Text.Json.Nodes;

namespace MidTrain.Filters.Contracts;

/// <summary>
/// A hygiene filter (stage kind <c>filter:</c> and <c>midtrain filter KIND</c>): looks at the named texts of one item
/// (document, passage or sample) and its metadata, and returns a <see cref="FilterDecision"/>: keep, keep with
/// annotations, keep with rewritten texts, or reject with a reason and details. A filter that cannot decide an item
/// says so in the decision; exceptions are for run failures (a broken configuration, cancellation).
/// Implementations are thread-safe: one instance is shared by every worker of a stage.
/// </summary>
public interface IFilter
{
    /// <summary>The filter's name, e.g. <c>decontaminate</c> (for lineage, manifests and annotations).</summary>
    string Name { get; }

    /// <summary>The filter's version, so a decision can be traced to the code that made it.</summary>
    string Version { get; }

    /// <summary>The filter's effective options as JSON with their configuration keys (a fresh copy on every call).</summary>
    JsonObject Parameters { get; }

    /// <summary>Decides about <paramref name="item"/>.</summary>
    ValueTask<FilterDecision> FilterAsync(FilterItem item, CancellationToken cancellationToken = default);

    /// <summary>
    /// A service of the filter or of a filter it wraps, e.g. <see cref="Components.FilterCounters"/> from a
    /// <see cref="Components.CountingFilter"/>; null when there is none.
    /// </summary>
    object? GetService(Type serviceType);
}
