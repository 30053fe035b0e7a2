namespace MidTrain.Core.Components;

/// <summary>
/// Base of the factories of components created from bound options (generators, long-context generators, verifiers,
/// filters): takes the kind's identity in its constructor (<see cref="ComponentKind{TOptions}"/>), checks the arguments
/// and hands the typed options to <see cref="Create(TOptions, ComponentContext)"/>. A kind's base overrides <see cref="Create(object, ComponentContext)"/>
/// to wrap what it creates (verifiers are stamped, filters counted). Stateless and thread-safe.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <typeparam name="TComponent">What the factory creates.</typeparam>
/// <param name="name">The kind's name in pipelines and on the command line.</param>
/// <param name="summary">One line for <c>midtrain list</c>.</param>
public abstract class ComponentFactory<TOptions, TComponent>(string name, string summary) : ComponentKind<TOptions>(name, summary)
    where TOptions : class, new()
{
    /// <summary>Creates the component from bound, validated <paramref name="options"/> (an instance of <typeparamref name="TOptions"/>).</summary>
    public virtual TComponent Create(object options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        return Create((TOptions)options, context);
    }

    /// <summary>Creates the component.</summary>
    protected abstract TComponent Create(TOptions options, ComponentContext context);
}
