using Microsoft.ML.Data;

namespace MidTrain.Classifiers.Training;

/// <summary>The feature vectors of the training texts, by row: for ML.NET (<see cref="Vector"/>) and for fast scoring (<see cref="Score"/>).</summary>
internal abstract class FeatureSpace
{
    public abstract int Dimension { get; }

    public abstract VBuffer<float> Vector(int row);

    public abstract double Score(int row, float[] weights, double bias);
}
