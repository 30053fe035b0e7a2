namespace MidTrain.Models.Serving.Embeddings;

/// <summary>How a GGUF embedding model turns per-token states into one vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>What the GGUF says (<c>ARCH.pooling_type</c>); a model that says nothing cannot be served without a choice.</summary>
    Model,

    /// <summary>Mean of the token states.</summary>
    Mean,

    /// <summary>The first token's state (BERT-style <c>[CLS]</c>).</summary>
    Cls,

    /// <summary>The last token's state (decoder-style embedding models).</summary>
    Last,
}
