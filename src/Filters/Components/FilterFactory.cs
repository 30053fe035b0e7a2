using MidTrain.Core.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Components;

/// <summary>
/// Base of filter factories. The caller binds <typeparamref name="TOptions"/> (with <c>OptionsBinder</c>); the factory
/// creates the filter and wraps it: in a <see cref="ReportingFilter"/> when the options say <c>mode: report</c>, then
/// in a <see cref="CountingFilter"/>, so every filter reports its counters (<c>GetService(typeof(FilterCounters))</c>)
/// and honours <c>mode</c> without writing either itself.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="name">The filter name written into decisions.</param>
/// <param name="version">The filter version written into decisions.</param>
/// <param name="summary">One line for <c>midtrain list</c>.</param>
public abstract class FilterFactory<TOptions>(string name, string version, string summary)
    : ComponentFactory<TOptions, IFilter>(name, summary), IFilterFactory
    where TOptions : class, IFilterOptions, new()
{
    /// <inheritdoc />
    public string Version { get; } = version;

    /// <inheritdoc />
    public override IFilter Create(object options, ComponentContext context)
    {
        var filter = base.Create(options, context);
        if (((TOptions)options).Mode == FilterMode.Report)
        {
            filter = new ReportingFilter(filter);
        }

        return new CountingFilter(filter);
    }
}
