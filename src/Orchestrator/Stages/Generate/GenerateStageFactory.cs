using MidTrain.Core.Components;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary><c>generate: NAME</c>: passages → samples through the generator NAME (its keys sit on the stage).</summary>
internal sealed class GenerateStageFactory : StageFactory<GenerateStageOptions>
{
    public override string Name => "generate";

    public override string Summary => "Passages → samples through a generator (teacher, backtranslation), with near-duplicate filtering.";

    protected override int DefaultConcurrency => 8;

    protected override Stage Create(StageBinding binding, GenerateStageOptions options, ComponentContext context)
    {
        var name = binding.Spec.ValueText ?? string.Empty;
        var factory = context.Catalog.Find<IGeneratorFactory>(name)
            ?? throw binding.Error(null, $"unknown generator '{name}' (known: {string.Join(", ", context.Catalog.Names<IGeneratorFactory>())})");
        var generator = factory.Create(binding.Bind(factory.OptionsType), context);
        return new GenerateStage(binding.Name, binding.Concurrency, binding.Capacity, generator, context.Seed, options.Dedup is { } dedup ? new NearDuplicateIndex(dedup) : null,
            options.Reasoning, new Core.Reasoning.ReasoningTemplate(options.ReasoningTemplate));
    }
}
