using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>Base of long-context generator factories.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="name">The generator's name in <c>generate:</c>.</param>
/// <param name="summary">One line for <c>midtrain list</c>.</param>
public abstract class LongContextGeneratorFactory<TOptions>(string name, string summary)
    : ComponentFactory<TOptions, ILongContextGenerator>(name, summary), ILongContextGeneratorFactory
    where TOptions : class, new();
