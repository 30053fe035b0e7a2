using System.Text.Json.Nodes;

namespace MidTrain.Filters.Contracts;

/// <summary>
/// Base class for a filter whose decision is a computation on the item alone (nothing to await: language, PII,
/// quality, decontamination): it carries the name, the version and the recorded parameters (handed out as copies),
/// <see cref="FilterAsync"/> checks the arguments and cancellation once, then returns <see cref="Decide"/>'s decision,
/// and <see cref="GetService"/> answers with this instance or the component behind it (<see cref="Component"/>).
/// Thread-safe when <see cref="Decide"/> is.
/// </summary>
/// <param name="name">The filter name (the <c>filter:</c> kind).</param>
/// <param name="version">The filter version.</param>
public abstract class SynchronousFilter(string name, string version) : IFilter
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public string Version => version;

    /// <inheritdoc />
    public virtual JsonObject Parameters => (JsonObject)RecordedParameters.DeepClone();

    /// <summary>The parameters the run records (set in the constructor; <see cref="Parameters"/> hands out copies).</summary>
    protected JsonObject RecordedParameters { get; init; } = [];

    /// <summary>The component behind the filter that <see cref="GetService"/> also answers with (a detector, an index), or null.</summary>
    protected virtual object? Component => null;

    /// <inheritdoc />
    public ValueTask<FilterDecision> FilterAsync(FilterItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Decide(item, cancellationToken));
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceType.IsInstanceOfType(this) ? this : Component is { } component && serviceType.IsInstanceOfType(component) ? component : null;
    }

    /// <summary>The decision on one item (not null; cancellation already checked once, a long decision may check again).</summary>
    protected abstract FilterDecision Decide(FilterItem item, CancellationToken cancellationToken);
}
