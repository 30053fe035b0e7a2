using MidTrain.Core.Components;
using MidTrain.Filters.Components;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Filter;

/// <summary><c>filter: NAME</c> (decontaminate, language, pii…): documents, passages or samples kept, rewritten or rejected.</summary>
internal sealed class FilterStageFactory()
    : StageFactory<FilterStageOptions>("filter", "Hygiene filters on documents, passages or samples: decontaminate, language, pii (kept, annotated, redacted or rejected).")
{
    protected override int DefaultConcurrency => Environment.ProcessorCount;

    protected override Stage Create(StageBinding binding, FilterStageOptions options, ComponentContext context)
    {
        var name = binding.Spec.ValueText ?? string.Empty;
        var factory = context.Catalog.Find<IFilterFactory>(name)
            ?? throw binding.Error(null, $"unknown filter '{name}' (known: {string.Join(", ", context.Catalog.Names<IFilterFactory>())})");
        var filterOptions = binding.Bind(factory.OptionsType);
        binding.EnsureNoOtherKeys(); // before a benchmark index or language models load
        return new FilterStage(binding.Name, binding.Concurrency, binding.Capacity, factory.Create(filterOptions, context), options.Lineage);
    }
}
