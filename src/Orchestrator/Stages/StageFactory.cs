using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>Builds the stages of a pipeline from their specs; unknown kinds and options are configuration errors.</summary>
public static class StageFactory
{
    /// <summary>Builds every stage of <paramref name="context"/>'s configuration, in order.</summary>
    public static IReadOnlyList<Stage> BuildAll(StageBuildContext context) =>
        context.Config.Stages.Select(spec => Build(spec, context)).ToArray();

    /// <summary>Builds one stage.</summary>
    public static Stage Build(StageSpec spec, StageBuildContext context) => spec.Kind switch
    {
        "generic" => GenericStage.Create(spec),
        "chunk" => ChunkStage.Create(spec, context),
        "generate" => GenerateStage.Create(spec, context),
        "verify" => VerifyStage.Create(spec, context),
        "judge" => JudgeStage.Create(spec, context),
        _ => throw spec.Options.Error(spec.Kind, $"unknown stage kind '{spec.Kind}' (known: {string.Join(", ", PipelineConfigLoader.StageKinds)})"),
    };
}
