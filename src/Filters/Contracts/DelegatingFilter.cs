using System.Text.Json.Nodes;

namespace MidTrain.Filters.Contracts;

/// <summary>
/// Base of filter middleware: forwards every call to <see cref="Inner"/>; override what the middleware changes.
/// Disposing it disposes the inner filter.
/// <see cref="GetService"/> answers with this instance when it is of the requested type, else asks the inner filter.
/// Thread-safe when the inner filter is and the override adds no unsynchronised state.
/// </summary>
public abstract class DelegatingFilter : IFilter, IDisposable
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected DelegatingFilter(IFilter inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped filter.</summary>
    protected IFilter Inner { get; }

    /// <inheritdoc />
    public virtual string Name => Inner.Name;

    /// <inheritdoc />
    public virtual string Version => Inner.Version;

    /// <inheritdoc />
    public virtual JsonObject Parameters => Inner.Parameters;

    /// <inheritdoc />
    public virtual ValueTask<FilterDecision> FilterAsync(FilterItem item, CancellationToken cancellationToken = default) =>
        Inner.FilterAsync(item, cancellationToken);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceType.IsInstanceOfType(this) ? this : Inner.GetService(serviceType);
    }

    /// <summary>Disposes the inner filter when it is disposable (a classifier, language models).</summary>
    public void Dispose()
    {
        (Inner as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }
}
