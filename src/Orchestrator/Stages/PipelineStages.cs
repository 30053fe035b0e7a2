using MidTrain.Core.Components;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>Builds the stages of a pipeline from their specs through the stage factories of a catalog. Stateless.</summary>
public static class PipelineStages
{
    /// <summary>Builds every stage, in order; when one cannot be built, those already built are disposed.</summary>
    /// <exception cref="Core.Configuration.ConfigException">An unknown kind or a bad key (file, line and key named).</exception>
    public static IReadOnlyList<Stage> Build(IReadOnlyList<StageSpec> specs, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(context);
        var stages = new List<Stage>(specs.Count);
        try
        {
            foreach (var spec in specs)
            {
                var factory = context.Catalog.Find<IStageFactory>(spec.Kind)
                    ?? throw spec.Mapping.ErrorAt(spec.Kind, $"unknown stage kind '{spec.Kind}' (known: {string.Join(", ", context.Catalog.Names<IStageFactory>())})");
                stages.Add(factory.Create(spec, context));
            }
        }
        catch
        {
            foreach (var stage in stages)
            {
                stage.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        return stages;
    }
}
