using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>Base of long-context generator factories.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class LongContextGeneratorFactory<TOptions> : ILongContextGeneratorFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public ILongContextGenerator Create(object options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        return Create((TOptions)options, context);
    }

    /// <summary>Creates the generator.</summary>
    protected abstract ILongContextGenerator Create(TOptions options, ComponentContext context);
}
