using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Components;

/// <summary>
/// Filter middleware that counts every decision of the inner filter into <see cref="Counters"/> (also reachable as
/// <c>GetService(typeof(FilterCounters))</c>). Every filter made by a <see cref="FilterFactory{TOptions}"/> is wrapped
/// in one. Thread-safe when the inner filter is.
/// </summary>
public sealed class CountingFilter : DelegatingFilter
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public CountingFilter(IFilter inner)
        : base(inner)
    {
    }

    /// <summary>The counters.</summary>
    public FilterCounters Counters { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<FilterDecision> FilterAsync(FilterItem item, CancellationToken cancellationToken = default)
    {
        var decision = await Inner.FilterAsync(item, cancellationToken).ConfigureAwait(false);
        Counters.Record(decision);
        return decision;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceType == typeof(FilterCounters) ? Counters : base.GetService(serviceType);
    }
}
