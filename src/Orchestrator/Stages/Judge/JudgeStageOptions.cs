using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Core.Reasoning;

namespace MidTrain.Orchestrator.Stages.Judge;

/// <summary>
/// The <c>judge:</c> stage's own keys: which judge model(s) and the reply bound. The criteria are the value of
/// <c>judge:</c>; sampling keys are those of <see cref="Judges.Rubric.RubricJudgeOptions"/> and aggregation keys those of
/// <see cref="Judges.Panel.JudgePanelOptions"/>.
/// </summary>
public sealed class JudgeStageOptions : IValidatableOptions
{
    /// <summary>The judge model (a name under <c>models:</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Several judge models: every criterion is judged by each.</summary>
    public IReadOnlyList<string>? Models { get; set; }

    /// <summary>A bound on the reply's string fields (the rationale), so constrained decoding closes them.</summary>
    [Range(1, 1_000_000)]
    public int? MaxFieldChars { get; set; }

    /// <summary>
    /// Whether judges see the reasoning trace of the judged answer (default false: the answer only — a separate trace is
    /// withheld and an inline one cut off; true: the trace is shown before the answer in <see cref="ReasoningTemplate"/>).
    /// </summary>
    public bool JudgeReasoning { get; set; }

    /// <summary>The template traces are written with (its tags also find inline traces to cut off); default <c>&lt;think&gt;</c> tags.</summary>
    public string ReasoningTemplate { get; set; } = Core.Reasoning.ReasoningTemplate.DefaultText;

    /// <summary>The judge model names, in order.</summary>
    public IReadOnlyList<string> ModelNames => Models ?? (Model is { } single ? [single] : []);

    /// <summary>The key the models were given under.</summary>
    public string ModelKey => Models is null ? "model" : "models";

    /// <inheritdoc />
    public void Validate()
    {
        if (Model is not null && Models is not null)
        {
            throw new OptionsValidationException("models", "give model or models, not both");
        }

        if (ModelNames.Count == 0)
        {
            throw new OptionsValidationException("model", "is required: the name of a judge model under models: (or models: [a, b])");
        }

        ReasoningTemplateOption.Validate(ReasoningTemplate);
    }
}
