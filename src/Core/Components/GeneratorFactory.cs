using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>Base of generator factories.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class GeneratorFactory<TOptions> : IGeneratorFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public IGenerator Create(object options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        return Create((TOptions)options, context);
    }

    /// <summary>Creates the generator.</summary>
    protected abstract IGenerator Create(TOptions options, ComponentContext context);
}
