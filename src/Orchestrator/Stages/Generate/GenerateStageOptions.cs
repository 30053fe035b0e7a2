using MidTrain.Core.Configuration;
using MidTrain.Generators.Dedup;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>The <c>generate:</c> stage's own keys (the generator's keys are those of its options type).</summary>
public sealed class GenerateStageOptions
{
    /// <summary>
    /// Near-duplicate filtering of the generated questions: on by default; <c>dedup: false</c> turns it off,
    /// <c>dedup: {jaccard: 0.8, shingle: 3}</c> tunes it.
    /// </summary>
    [ConfigConverter(typeof(OptionalOptionsConverter<NearDuplicateOptions>))]
    public NearDuplicateOptions? Dedup { get; set; } = new();
}
