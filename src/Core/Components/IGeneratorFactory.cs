using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>Creates a generator for <c>generate: NAME</c> stages. Derive from <see cref="GeneratorFactory{TOptions}"/>.</summary>
public interface IGeneratorFactory : IComponentFactory
{
    /// <summary>Creates the generator from bound, validated <paramref name="options"/>.</summary>
    IGenerator Create(object options, ComponentContext context);
}
