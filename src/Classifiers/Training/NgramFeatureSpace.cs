using Microsoft.ML.Data;
using MidTrain.Classifiers.Features;

namespace MidTrain.Classifiers.Training;

/// <summary>Hashed n-gram vectors computed on demand from the texts (memory stays at the texts, whatever the epochs).</summary>
internal sealed class NgramFeatureSpace(HashedNgramFeaturizer featurizer, IReadOnlyList<string> texts) : FeatureSpace
{
    public override int Dimension => featurizer.Dimension;

    public override VBuffer<float> Vector(int row)
    {
        var (indices, values) = featurizer.Vector(texts[row]);
        return new VBuffer<float>(featurizer.Dimension, indices.Length, values, indices);
    }

    public override double Score(int row, float[] weights, double bias) => featurizer.Score(texts[row], weights, bias);
}
