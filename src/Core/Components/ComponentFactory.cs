namespace MidTrain.Core.Components;

/// <summary>
/// Base of the factories of components created from bound options (generators, long-context generators, verifiers,
/// filters): declares the options type, checks the arguments and hands the typed options to
/// <see cref="Create(TOptions, ComponentContext)"/>. A kind's base overrides <see cref="Create(object, ComponentContext)"/>
/// to wrap what it creates (verifiers are stamped, filters counted). Stateless and thread-safe.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <typeparam name="TComponent">What the factory creates.</typeparam>
public abstract class ComponentFactory<TOptions, TComponent> : IComponentFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

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
