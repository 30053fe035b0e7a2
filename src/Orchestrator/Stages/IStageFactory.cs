using MidTrain.Core.Components;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// Creates the stages of one kind (<c>chunk</c>, <c>generate</c>, <c>verify</c>, …): the kind key of a stage mapping is
/// the factory's <see cref="IComponentFactory.Name"/>. Factories are discovered by <see cref="Components.BuiltInComponents"/>;
/// a new stage kind is one folder (options, factory, stage, tests). Derive from <see cref="StageFactory{TOptions}"/>.
/// Stateless and thread-safe.
/// </summary>
public interface IStageFactory : IComponentFactory
{
    /// <summary>Creates the stage described by <paramref name="spec"/>.</summary>
    /// <exception cref="Core.Configuration.ConfigException">A key is unknown or invalid (file, line and key named).</exception>
    Stage Create(StageSpec spec, ComponentContext context);
}
