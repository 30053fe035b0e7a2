using MidTrain.Classifiers.Evaluation;
using MidTrain.Classifiers.Model;

namespace MidTrain.Classifiers.Training;

/// <summary>What <see cref="ClassifierTrainer.Train"/> produced: the model (metrics and provenance included) and how training went.</summary>
public sealed record TrainingResult
{
    /// <summary>The trained model, ready for <see cref="ClassifierModelFile.Write"/>.</summary>
    public required ClassifierModel Model { get; init; }

    /// <summary>Metrics on the held-out test items.</summary>
    public required ClassifierMetrics Test { get; init; }

    /// <summary>Items used to fit the head.</summary>
    public required int TrainItems { get; init; }

    /// <summary>Items used for early stopping.</summary>
    public required int ValidationItems { get; init; }

    /// <summary>Items held out for <see cref="Test"/>.</summary>
    public required int TestItems { get; init; }

    /// <summary>Every epoch run, in order.</summary>
    public required IReadOnlyList<EpochRecord> Epochs { get; init; }

    /// <summary>The epoch whose weights were kept.</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Wall-clock seconds of featurizing (embedding) and fitting.</summary>
    public required double Seconds { get; init; }
}
