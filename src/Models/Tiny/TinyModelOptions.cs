namespace MidTrain.Models.Tiny;

/// <summary>
/// Shape of a generated random-weight llama-architecture test model. The defaults give a model of a few hundred KB
/// that loads in milliseconds; <see cref="Bench25M"/> gives a ~25M-parameter model for throughput benchmarks.
/// </summary>
public sealed class TinyModelOptions
{
    /// <summary>Seed of the weight generator: same seed and shape, byte-identical file.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Hidden size (<c>llama.embedding_length</c>).</summary>
    public int EmbeddingLength { get; init; } = 64;

    /// <summary>Number of transformer blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Feed-forward size.</summary>
    public int FeedForwardLength { get; init; } = 128;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads (grouped-query attention when below <see cref="Heads"/>).</summary>
    public int KvHeads { get; init; } = 2;

    /// <summary>Trained context length written to the file (bounds the context a runtime may use).</summary>
    public int ContextLength { get; init; } = 8192;

    /// <summary>Vocabulary size (≥ 400: specials, 256 byte tokens, printable ASCII, then word pieces).</summary>
    public int VocabularySize { get; init; } = 512;

    /// <summary>Store weight matrices as F16 instead of F32.</summary>
    public bool Half { get; init; }

    /// <summary>The ~25M-parameter shape used by the <c>local-batching</c> benchmark.</summary>
    public static TinyModelOptions Bench25M(ulong seed = 1) => new()
    {
        Seed = seed,
        EmbeddingLength = 512,
        Layers = 8,
        FeedForwardLength = 1408,
        Heads = 8,
        KvHeads = 8,
        VocabularySize = 1024,
        ContextLength = 8192,
        Half = true,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (EmbeddingLength <= 0 || Heads <= 0 || EmbeddingLength % Heads != 0)
        {
            throw new ArgumentException("EmbeddingLength must be a positive multiple of Heads");
        }

        if ((EmbeddingLength / Heads) % 2 != 0)
        {
            throw new ArgumentException("head size (EmbeddingLength / Heads) must be even for RoPE");
        }

        if (KvHeads <= 0 || Heads % KvHeads != 0)
        {
            throw new ArgumentException("KvHeads must divide Heads");
        }

        if (Layers <= 0 || FeedForwardLength <= 0 || ContextLength < 64)
        {
            throw new ArgumentException("Layers, FeedForwardLength must be positive and ContextLength at least 64");
        }

        if (VocabularySize < TinyVocabulary.MinimumSize)
        {
            throw new ArgumentException($"VocabularySize must be at least {TinyVocabulary.MinimumSize}");
        }
    }
}
