using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Classifiers.Apply;

/// <summary>How <see cref="ClassifierFileRunner"/> scores a JSONL file.</summary>
public sealed class ClassifierApplyOptions : IValidatableOptions
{
    /// <summary>The field holding each line's text (default <c>text</c>).</summary>
    public string TextField { get; init; } = "text";

    /// <summary>The field the score is written to (default <c>quality_score</c>).</summary>
    public string ScoreField { get; init; } = "quality_score";

    /// <summary>Lines scoring at least this are kept (null: the model's threshold).</summary>
    public double? MinScore { get; init; }

    /// <summary>Where rejected and unreadable lines go (with their score or error); null drops them (they are still counted).</summary>
    public string? RejectedPath { get; init; }

    /// <summary>Batches scored at once (default: the number of cores).</summary>
    [Range(1, 4096)]
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Lines per batch (default 512).</summary>
    [Range(1, 1 << 20)]
    public int BatchLines { get; init; } = 512;

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrEmpty(TextField))
        {
            throw new OptionsValidationException("text_field", "must not be empty");
        }

        if (string.IsNullOrEmpty(ScoreField))
        {
            throw new OptionsValidationException("score_field", "must not be empty");
        }

        if (MinScore is { } min && !double.IsFinite(min))
        {
            throw new OptionsValidationException("min_score", $"must be a finite number, got {min}");
        }

        if (Concurrency < 1 || BatchLines < 1)
        {
            throw new OptionsValidationException("concurrency", "concurrency and batch_lines must be at least 1");
        }
    }
}
