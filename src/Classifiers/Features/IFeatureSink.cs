namespace MidTrain.Classifiers.Features;

/// <summary>Receives the hashed features of one text from <see cref="HashedNgramFeaturizer"/>, one call per occurrence.</summary>
internal interface IFeatureSink
{
    /// <summary>A word n-gram occurrence hashed to bucket <paramref name="index"/>.</summary>
    void Word(int index);

    /// <summary>A character n-gram occurrence hashed to bucket <paramref name="index"/>.</summary>
    void Char(int index);
}
