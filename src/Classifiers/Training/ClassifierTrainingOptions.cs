using System.ComponentModel.DataAnnotations;
using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Features;
using MidTrain.Classifiers.Model;
using MidTrain.Core.Configuration;

namespace MidTrain.Classifiers.Training;

/// <summary>
/// How <see cref="ClassifierTrainer"/> trains: the kind and its features, the deterministic split (by a hash of the
/// seed and each item id, so the split does not depend on the order of the labels), and the linear head's training —
/// ML.NET's online gradient descent (squared loss) one epoch at a time, stopped early when the validation RMSE has not
/// improved for <see cref="Patience"/> epochs, keeping the best epoch.
/// </summary>
public sealed class ClassifierTrainingOptions : IValidatableOptions
{
    /// <summary>The kind (default <c>fasttext-like</c>).</summary>
    public ClassifierKind Kind { get; set; } = ClassifierKind.FasttextLike;

    /// <summary>The n-gram features of a <c>fasttext-like</c> model.</summary>
    public NgramFeatureOptions Features { get; set; } = new();

    /// <summary>The embedding model of an <c>embedding</c> model (required for that kind).</summary>
    public EmbeddingOptions? Embedding { get; set; }

    /// <summary>Share of items held out for the reported metrics (default 0.1).</summary>
    [Range(0.01, 0.5)]
    public double TestFraction { get; set; } = 0.1;

    /// <summary>Share of items used for early stopping (default 0.1).</summary>
    [Range(0.01, 0.5)]
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>Most passes over the training items (default 40).</summary>
    [Range(1, 10_000)]
    public int MaxEpochs { get; set; } = 40;

    /// <summary>Epochs without a better validation RMSE before training stops (default 3).</summary>
    [Range(1, 1000)]
    public int Patience { get; set; } = 3;

    /// <summary>Initial learning rate of the online gradient descent (default 0.1, decreasing as 1/√t).</summary>
    [Range(1e-6, 100)]
    public double LearningRate { get; set; } = 0.1;

    /// <summary>L2 regularisation weight (default 1e-6).</summary>
    [Range(0, 10)]
    public double L2 { get; set; } = 1e-6;

    /// <summary>Seed of the split and of the epoch order (default 42).</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Keep threshold for the binary figures and the model's default <c>min_score</c> (default 3, as FineWeb-Edu).</summary>
    public double Threshold { get; set; } = 3;

    /// <summary>The scale's lowest score (null: the lowest label seen).</summary>
    public double? LabelMin { get; set; }

    /// <summary>The scale's highest score (null: the highest label seen).</summary>
    public double? LabelMax { get; set; }

    /// <summary>Bootstrap resamples for the κ intervals of the held-out report (default 200; 0: none).</summary>
    [Range(0, 100_000)]
    public int Bootstrap { get; set; } = 200;

    /// <inheritdoc />
    public void Validate()
    {
        Features.Validate();
        if (Kind == ClassifierKind.Embedding)
        {
            if (Embedding is null)
            {
                throw new OptionsValidationException("embedding_model", "an embedding classifier needs an embedding model (a GGUF path, or tiny)");
            }

            Embedding.Validate();
        }

        if (TestFraction is < 0.01 or > 0.5)
        {
            throw new OptionsValidationException("test_fraction", $"must be between 0.01 and 0.5, got {TestFraction}");
        }

        if (ValidationFraction is < 0.01 or > 0.5)
        {
            throw new OptionsValidationException("validation_fraction", $"must be between 0.01 and 0.5, got {ValidationFraction}");
        }

        if (MaxEpochs < 1 || Patience < 1)
        {
            throw new OptionsValidationException("max_epochs", "max_epochs and patience must be at least 1");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new OptionsValidationException("learning_rate", $"must be a positive number, got {LearningRate}");
        }

        if (!(L2 >= 0) || !double.IsFinite(L2))
        {
            throw new OptionsValidationException("l2", $"must be 0 or more, got {L2}");
        }

        if (!double.IsFinite(Threshold))
        {
            throw new OptionsValidationException("threshold", $"must be a finite number, got {Threshold}");
        }

        if (LabelMin is { } min && LabelMax is { } max && !(max > min))
        {
            throw new OptionsValidationException("label_max", $"must be greater than label_min ({min})");
        }
    }
}
