namespace MidTrain.Core.Components;

/// <summary>
/// What every factory of a component kind declares once, in its constructor: the kind's name, its one-line summary and
/// its options type. The bases of component factories (<see cref="ComponentFactory{TOptions, TComponent}"/>) and of
/// stage factories derive from it. Immutable and thread-safe.
/// </summary>
/// <typeparam name="TOptions">The options type the kind's keys bind to.</typeparam>
/// <param name="name">The kind's name in pipelines and on the command line.</param>
/// <param name="summary">One line for <c>midtrain list</c>.</param>
public abstract class ComponentKind<TOptions>(string name, string summary) : IComponentFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Summary { get; } = summary;

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);
}
