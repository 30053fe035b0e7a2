using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>Base of generator factories.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class GeneratorFactory<TOptions> : ComponentFactory<TOptions, IGenerator>, IGeneratorFactory
    where TOptions : class, new();
