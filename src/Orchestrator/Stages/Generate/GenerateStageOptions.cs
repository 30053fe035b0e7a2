using MidTrain.Core.Configuration;
using MidTrain.Core.Reasoning;
using MidTrain.Generators.Dedup;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>The <c>generate:</c> stage's own keys (the generator's keys are those of its options type).</summary>
public sealed class GenerateStageOptions : IValidatableOptions
{
    /// <summary>
    /// Near-duplicate filtering of the generated questions: on by default; <c>dedup: false</c> turns it off,
    /// <c>dedup: {jaccard: 0.8, shingle: 3}</c> tunes it.
    /// </summary>
    [ConfigConverter(typeof(OptionalOptionsConverter<NearDuplicateOptions>))]
    public NearDuplicateOptions? Dedup { get; set; } = new();

    /// <summary>
    /// What becomes of a reasoning teacher's trace: <c>separate</c> (default: the assistant message's
    /// <c>reasoning_content</c> field), <c>keep</c> (written into the content with <see cref="ReasoningTemplate"/>) or
    /// <c>drop</c>.
    /// </summary>
    public ReasoningMode Reasoning { get; set; } = ReasoningMode.Separate;

    /// <summary>How <c>reasoning: keep</c> writes a trace before the answer (placeholders <c>{reasoning}</c> and <c>{answer}</c>).</summary>
    public string ReasoningTemplate { get; set; } = Core.Reasoning.ReasoningTemplate.DefaultText;

    /// <inheritdoc />
    public void Validate()
    {
        ReasoningTemplateOption.Validate(ReasoningTemplate);
    }
}
