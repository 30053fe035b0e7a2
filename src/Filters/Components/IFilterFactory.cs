using MidTrain.Core.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Components;

/// <summary>
/// Creates a filter for <c>filter: NAME</c> stages and <c>midtrain filter NAME</c>; both use the same factory, options
/// and <see cref="IFilter"/>. Discovered by <see cref="ComponentCatalog"/> like every component factory. Derive from
/// <see cref="FilterFactory{TOptions}"/>.
/// </summary>
public interface IFilterFactory : IComponentFactory
{
    /// <summary>The filter version (written into lineage and manifests).</summary>
    string Version { get; }

    /// <summary>
    /// Creates the filter from bound, validated <paramref name="options"/>. Expensive set-up (a benchmark index,
    /// language models) happens here, once; the filter is then shared by all workers.
    /// </summary>
    /// <exception cref="MidTrain.Core.Configuration.OptionsValidationException">An option is unusable (e.g. a benchmark file is missing or malformed).</exception>
    IFilter Create(object options, ComponentContext context);
}
