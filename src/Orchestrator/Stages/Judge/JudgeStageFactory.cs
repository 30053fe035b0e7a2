using MidTrain.Core.Components;
using MidTrain.Judges.Panel;
using MidTrain.Judges.Rubric;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Judge;

/// <summary><c>judge: [criteria]</c>: a panel of rubric judges scores each sample and accepts or rejects it.</summary>
internal sealed class JudgeStageFactory()
    : StageFactory<JudgeStageOptions>("judge", "Granular rubric judges (one criterion each) on one or more judge models; the panel accepts or rejects.")
{
    protected override int DefaultConcurrency => 8;

    protected override Stage Create(StageBinding binding, JudgeStageOptions options, ComponentContext context)
    {
        var judgeOptions = binding.Bind<RubricJudgeOptions>();
        judgeOptions.Seed = context.Seed;
        var panelOptions = binding.Bind<JudgePanelOptions>();
        var models = context.RequireModels(options.ModelKey);
        var clients = options.ModelNames.Select(name => KeyValuePair.Create(name, models.Get(name, options.ModelKey))).ToArray();
        var panel = JudgePanel.Create(binding.Spec.ValueList, clients, judgeOptions, panelOptions, context.BaseDirectory,
            prompt => context.Record(options.MaxFieldChars is { } chars ? prompt.WithMaxFieldChars(chars) : prompt));
        return new JudgeStage(binding.Name, binding.Concurrency, binding.Capacity, panel, options.JudgeReasoning, new Core.Reasoning.ReasoningTemplate(options.ReasoningTemplate));
    }
}
