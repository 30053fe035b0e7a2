using MidTrain.Core.Configuration;
using MidTrain.Filters.Contracts;

namespace MidTrain.Classifiers.Filtering;

/// <summary>
/// Options of <c>filter: quality</c>: the classifier model file, the keep threshold, the metadata field the score is
/// written to, and (for embedding classifiers) where the GGUF now lives. Defaults live here only.
/// </summary>
public sealed class QualityFilterOptions : IFilterOptions, IValidatableOptions
{
    /// <summary>The <c>.mtc</c> model file made by <c>midtrain classifier train</c> (relative paths from the pipeline file's folder).</summary>
    public string? Model { get; set; }

    /// <summary>Items scoring below this are rejected (default: the threshold stored in the model).</summary>
    public double? MinScore { get; set; }

    /// <summary>The metadata field (document/passage metadata, sample attribute) the score is written to (default <c>quality_score</c>).</summary>
    public string ScoreField { get; set; } = "quality_score";

    /// <summary>An embedding classifier's GGUF, when it moved since training (its fingerprint must still match).</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Which texts are scored (roles or text names); default all of the item's texts, joined.</summary>
    public List<string> Check { get; set; } = [];

    /// <inheritdoc />
    public FilterMode Mode { get; set; } = FilterMode.Enforce;

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new OptionsValidationException("model", "is required: a classifier model file (train one with `midtrain classifier train`)");
        }

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
