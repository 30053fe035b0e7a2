using Microsoft.ML.Data;

namespace MidTrain.Classifiers.Training;

/// <summary>Precomputed dense vectors (embeddings), one per row.</summary>
internal sealed class DenseFeatureSpace(IReadOnlyList<float[]> rows, int dimension) : FeatureSpace
{
    public override int Dimension => dimension;

    public override VBuffer<float> Vector(int row) => new(dimension, rows[row]);

    public override double Score(int row, float[] weights, double bias)
    {
        var vector = rows[row];
        var sum = bias;
        for (var i = 0; i < vector.Length; i++)
        {
            sum += (double)vector[i] * weights[i];
        }

        return sum;
    }
}
