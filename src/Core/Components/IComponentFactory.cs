namespace MidTrain.Core.Components;

/// <summary>
/// What every pluggable component kind (stage, generator, verifier, filter…) declares: the name it is selected by in a
/// pipeline, the options type bound from its configuration (defaults live in that type only), and a one-line summary
/// for help texts. Factories are discovered by <see cref="ComponentCatalog"/>: a built-in component is added by
/// creating its folder (options, factory, implementation, tests), with no registration elsewhere. Implementations are
/// stateless and thread-safe, with a public parameterless constructor.
/// </summary>
public interface IComponentFactory
{
    /// <summary>The name the component is selected by, e.g. <c>math</c> in <c>verify: math</c>.</summary>
    string Name { get; }

    /// <summary>The options type (a class with a public parameterless constructor, bound by <c>OptionsBinder</c>).</summary>
    Type OptionsType { get; }

    /// <summary>One line saying what the component does.</summary>
    string Summary { get; }
}
