using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>Base of long-context generator factories.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class LongContextGeneratorFactory<TOptions> : ComponentFactory<TOptions, ILongContextGenerator>, ILongContextGeneratorFactory
    where TOptions : class, new();
