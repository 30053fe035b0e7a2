using System.Text.Json.Nodes;
using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Features;

namespace MidTrain.Classifiers.Model;

/// <summary>
/// A trained quality classifier: its kind and features, a linear head (<see cref="Weights"/>, <see cref="Bias"/>)
/// predicting the judge's score of one criterion, the score scale, the default keep threshold, provenance and the
/// held-out metrics. Read and written by <see cref="ClassifierModelFile"/>; applied by <see cref="QualityClassifier"/>.
/// Treat as immutable once built (the weights array is shared, not copied).
/// </summary>
public sealed class ClassifierModel
{
    /// <summary>The model-file format version this build writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>What the head reads.</summary>
    public required ClassifierKind Kind { get; init; }

    /// <summary>The judged criterion the scores predict (e.g. <c>educational_value</c>).</summary>
    public required string Criterion { get; init; }

    /// <summary>The lowest score of the scale; predictions are clamped to it.</summary>
    public required double LabelMin { get; init; }

    /// <summary>The highest score of the scale; predictions are clamped to it.</summary>
    public required double LabelMax { get; init; }

    /// <summary>The keep threshold used for the held-out binary figures, and the default <c>min_score</c>.</summary>
    public required double Threshold { get; init; }

    /// <summary>The n-gram features (<see cref="ClassifierKind.FasttextLike"/>), else null.</summary>
    public NgramFeatureOptions? Features { get; init; }

    /// <summary>The featurizer algorithm version the model was trained with (<see cref="HashedNgramFeaturizer.Version"/>).</summary>
    public int FeaturizerVersion { get; init; } = HashedNgramFeaturizer.Version;

    /// <summary>The embedding model (<see cref="ClassifierKind.Embedding"/>), else null.</summary>
    public EmbeddingOptions? Embedding { get; init; }

    /// <summary>The embedding model's fingerprint at training time (<see cref="ClassifierKind.Embedding"/>), else null.</summary>
    public string? EmbeddingFingerprint { get; init; }

    /// <summary>The head's weights, one per feature dimension.</summary>
    public required float[] Weights { get; init; }

    /// <summary>The head's intercept.</summary>
    public required double Bias { get; init; }

    /// <summary>Where the model came from.</summary>
    public ClassifierProvenance Provenance { get; init; } = new();

    /// <summary>The held-out metrics written at training time (see <see cref="Evaluation.ClassifierMetrics"/>), or null.</summary>
    public JsonObject? Metrics { get; init; }

    /// <summary>Clamps a raw linear output to the score scale.</summary>
    public double Clamp(double raw) => double.IsNaN(raw) ? LabelMin : Math.Clamp(raw, LabelMin, LabelMax);
}
