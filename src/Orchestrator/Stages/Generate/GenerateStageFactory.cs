using MidTrain.Core.Components;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// <c>generate: NAME</c>: passages → samples through the generator NAME (its keys sit on the stage); when NAME is a
/// long-context generator, contexts → samples.
/// </summary>
internal sealed class GenerateStageFactory()
    : StageFactory<GenerateStageOptions>("generate", "Passages → samples through a generator (teacher, backtranslation), or long contexts → samples (long_context), with near-duplicate filtering.")
{
    protected override int DefaultConcurrency => 8;

    protected override Stage Create(StageBinding binding, GenerateStageOptions options, ComponentContext context)
    {
        var name = binding.Spec.ValueText ?? string.Empty;
        var dedup = options.Dedup is { } settings ? new NearDuplicateIndex(settings) : null;
        if (context.Catalog.Find<ILongContextGeneratorFactory>(name) is { } longContext)
        {
            var contextGenerator = longContext.Create(binding.Bind(longContext.OptionsType), context);
            return new LongContextGenerateStage(binding.Name, binding.Concurrency, binding.Capacity, contextGenerator, context.Seed, dedup,
            options.Reasoning, new Core.Reasoning.ReasoningTemplate(options.ReasoningTemplate));
        }

        var factory = context.Catalog.Find<IGeneratorFactory>(name)
            ?? throw binding.Error(null, $"unknown generator '{name}' (known: {string.Join(", ", context.Catalog.Names<IGeneratorFactory>().Concat(context.Catalog.Names<ILongContextGeneratorFactory>()).Order(StringComparer.Ordinal))})");
        var generator = factory.Create(binding.Bind(factory.OptionsType), context);
        return new GenerateStage(binding.Name, binding.Concurrency, binding.Capacity, generator, context.Seed, dedup,
            options.Reasoning, new Core.Reasoning.ReasoningTemplate(options.ReasoningTemplate));
    }
}
