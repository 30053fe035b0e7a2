namespace MidTrain.Classifiers.Model;

/// <summary>What a quality classifier computes from a text before its linear head.</summary>
public enum ClassifierKind
{
    /// <summary><c>fasttext-like</c>: hashed word and character n-grams (<see cref="Features.HashedNgramFeaturizer"/>).</summary>
    FasttextLike,

    /// <summary><c>embedding</c>: a mean-pooled GGUF embedding (<see cref="Embedding.GgufEmbedder"/>), the FineWeb-Edu design.</summary>
    Embedding,
}
