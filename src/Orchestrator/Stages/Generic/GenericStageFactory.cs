using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generic;

/// <summary><c>generic: passthrough | length_filter</c>: model-free stages for any payload.</summary>
internal sealed class GenericStageFactory()
    : StageFactory<GenericStageOptions>("generic", "Model-free steps for any payload: passthrough, length_filter (min_chars, max_chars); delay_ms simulates latency.")
{
    protected override int DefaultConcurrency => 2;

    protected override Stage Create(StageBinding binding, GenericStageOptions options, ComponentContext context)
    {
        var names = Enum.GetNames<GenericOperation>().Select(ConfigNames.SnakeCase).ToArray();
        var text = binding.Spec.ValueText ?? string.Empty;
        var operation = Enum.GetValues<GenericOperation>().Where(o => ConfigNames.MatchesMember(text, o.ToString())).Select(o => (GenericOperation?)o).FirstOrDefault()
            ?? throw binding.Error(null, $"unknown generic operation '{text}' (known: {string.Join(", ", names)})");
        return new GenericStage(binding.Name, binding.Concurrency, binding.Capacity, operation, options);
    }
}
