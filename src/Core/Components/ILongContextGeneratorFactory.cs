using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>
/// Creates a long-context generator for <c>generate: NAME</c> stages fed by an <c>assemble</c> stage. Derive from
/// <see cref="LongContextGeneratorFactory{TOptions}"/>. Names share the <c>generate:</c> namespace with
/// <see cref="IGeneratorFactory"/>.
/// </summary>
public interface ILongContextGeneratorFactory : IComponentFactory
{
    /// <summary>Creates the generator from bound, validated <paramref name="options"/>.</summary>
    ILongContextGenerator Create(object options, ComponentContext context);
}
