using System.Text;
using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Features;

namespace MidTrain.Classifiers.Model;

/// <summary>
/// A loaded quality classifier: <see cref="Score(string)"/> predicts the judge's score of <see cref="Criterion"/> for a text,
/// clamped to the scale. <c>fasttext-like</c> models score in one allocation-free pass over the text and are safe to
/// call from any number of threads at once; <c>embedding</c> models embed through one llama.cpp context (thread-safe,
/// one text at a time). Deterministic: the same model and text give the same score. Dispose to free an embedding model.
/// </summary>
public sealed class QualityClassifier : IDisposable
{
    private readonly HashedNgramFeaturizer? _featurizer;
    private readonly GgufEmbedder? _embedder;
    private readonly bool _ownsEmbedder;
    private readonly float[] _weights;
    private readonly double _bias;

    private QualityClassifier(ClassifierModel model, string sha256, GgufEmbedder? embedder, bool ownsEmbedder)
    {
        Model = model;
        Sha256 = sha256;
        _weights = model.Weights;
        _bias = model.Bias;
        if (model.Kind == ClassifierKind.FasttextLike)
        {
            _featurizer = new HashedNgramFeaturizer(model.Features ?? throw new ClassifierModelException("a fasttext-like model needs its feature options"));
        }
        else
        {
            _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder), "an embedding model needs its embedder");
            if (embedder.Dimension != model.Weights.Length)
            {
                throw new ClassifierModelException($"the embedding model gives {embedder.Dimension}-dimensional embeddings, the classifier expects {model.Weights.Length}");
            }

            _ownsEmbedder = ownsEmbedder;
        }
    }

    /// <summary>The model.</summary>
    public ClassifierModel Model { get; }

    /// <summary>SHA-256 of the model file (or of nothing, for an in-memory model).</summary>
    public string Sha256 { get; }

    /// <summary>The criterion the scores predict.</summary>
    public string Criterion => Model.Criterion;

    /// <summary>The model's default keep threshold.</summary>
    public double Threshold => Model.Threshold;

    /// <summary>Whether <see cref="Score(string)"/> may run on many threads at once with gain (false for embedding models).</summary>
    public bool IsParallel => _featurizer is not null;

    /// <summary>
    /// Loads the model file at <paramref name="path"/>; for an <c>embedding</c> model also loads its GGUF and refuses
    /// it when its fingerprint differs from the one the classifier was trained with.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file (or its embedding model) does not exist.</exception>
    /// <exception cref="ClassifierModelException">The file cannot be applied faithfully (the message says why).</exception>
    public static async Task<QualityClassifier> LoadAsync(string path, QualityClassifierLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new QualityClassifierLoadOptions();
        var model = ClassifierModelFile.Read(path, out var sha256);
        if (model.Kind == ClassifierKind.FasttextLike)
        {
            return new QualityClassifier(model, sha256, null, false);
        }

        var stored = model.Embedding!;
        var modelPath = options.EmbeddingModel ?? stored.Model;
        if (modelPath != "tiny" && !Path.IsPathRooted(modelPath))
        {
            var beside = Path.Combine(options.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", modelPath);
            modelPath = File.Exists(beside) ? beside : Path.GetFullPath(modelPath);
        }

        var embedding = new EmbeddingOptions
        {
            Model = modelPath,
            Context = stored.Context,
            MaxChars = stored.MaxChars,
            Threads = options.Threads,
        };
        var embedder = await GgufEmbedder.LoadAsync(embedding, options.TinyModelDirectory, options.LoggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            if (model.EmbeddingFingerprint is { } expected && !string.Equals(expected, embedder.Fingerprint, StringComparison.Ordinal))
            {
                throw new ClassifierModelException($"{path}: trained on embeddings of {expected}, but {embedder.Path} is {embedder.Fingerprint}; scores from another embedding model would be meaningless (pass the original GGUF, or retrain)");
            }

            return new QualityClassifier(model, sha256, embedder, true);
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    /// <summary>Wraps an in-memory <paramref name="model"/> (an <c>embedding</c> model needs <paramref name="embedder"/>, which the caller keeps owning).</summary>
    public static QualityClassifier FromModel(ClassifierModel model, GgufEmbedder? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new QualityClassifier(model, string.Empty, embedder, false);
    }

    /// <summary>The predicted score of <paramref name="text"/>, clamped to the model's scale.</summary>
    public double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Model.Clamp(Raw(text));
    }

    /// <summary>The predicted score of <paramref name="text"/> (a <c>fasttext-like</c> model only: no string needed).</summary>
    public double Score(ReadOnlySpan<char> text) =>
        _featurizer is not null ? Model.Clamp(_featurizer.Score(text, _weights, _bias)) : Score(text.ToString());

    /// <summary>
    /// The predicted score of UTF-8 <paramref name="utf8"/>: the same value as <see cref="Score(string)"/> of its decoding.
    /// A <c>fasttext-like</c> model without character n-grams scores the bytes without decoding them.
    /// </summary>
    public double ScoreUtf8(ReadOnlySpan<byte> utf8) =>
        _featurizer is not null ? Model.Clamp(_featurizer.ScoreUtf8(utf8, _weights, _bias)) : Score(Encoding.UTF8.GetString(utf8));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsEmbedder)
        {
            _embedder?.Dispose();
        }
    }

    private double Raw(string text)
    {
        if (_featurizer is not null)
        {
            return _featurizer.Score(text, _weights, _bias);
        }

        var vector = _embedder!.Embed(text);
        double sum = _bias;
        for (var i = 0; i < vector.Length; i++)
        {
            sum += (double)vector[i] * _weights[i];
        }

        return sum;
    }
}
