using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MidTrain.Classifiers.Model;

/// <summary>How <see cref="QualityClassifier.LoadAsync"/> finds what an <c>embedding</c> model needs.</summary>
public sealed class QualityClassifierLoadOptions
{
    /// <summary>
    /// The GGUF embedding model to use instead of the path stored in the model file (moved models, other machines).
    /// Its fingerprint must still equal the one the classifier was trained with.
    /// </summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Directory a relative stored embedding-model path is resolved against (default: the model file's folder, then the current directory).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Where the tiny test model is written when the classifier was trained on it (null: the model layer's default).</summary>
    public string? TinyModelDirectory { get; init; }

    /// <summary>CPU threads for the embedding model (null: the number of cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Receives llama.cpp's log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
