using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Stages.Quality;

/// <summary>
/// Options of the <c>quality:</c> stage: the classifier model file (the kind's value, or <c>model:</c>), the keep
/// threshold, the metadata field the score is written to, and (for embedding classifiers) where the GGUF now lives.
/// </summary>
public sealed class QualityStageOptions : IValidatableOptions
{
    /// <summary>The <c>.mtc</c> model file (relative paths from the pipeline file's folder); or give it as <c>quality: FILE</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Items scoring below this are rejected (default: the threshold stored in the model).</summary>
    public double? MinScore { get; set; }

    /// <summary>The metadata field (document/passage metadata, sample <c>fields</c>) the score is written to (default <c>quality_score</c>).</summary>
    public string ScoreField { get; set; } = "quality_score";

    /// <summary>An embedding classifier's GGUF, when it moved since training (its fingerprint must still match).</summary>
    public string? EmbeddingModel { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (MinScore is { } min && !double.IsFinite(min))
        {
            throw new OptionsValidationException("min_score", $"must be a finite number, got {min}");
        }

        if (string.IsNullOrWhiteSpace(ScoreField))
        {
            throw new OptionsValidationException("score_field", "must not be empty");
        }
    }
}
