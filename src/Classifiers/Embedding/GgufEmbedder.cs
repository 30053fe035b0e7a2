using LLama;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Models;
using MidTrain.Models.Local;
using MidTrain.Models.Serving.Embeddings;

namespace MidTrain.Classifiers.Embedding;

/// <summary>
/// Mean-pooled, L2-normalised text embeddings from a GGUF model through llama.cpp (LLamaSharp's
/// <see cref="LLamaEmbedder.GetEmbeddings"/>; its <c>IEmbeddingGenerator.GenerateAsync</c> throws in 0.30.0). A text is
/// cut to <see cref="EmbeddingOptions.MaxChars"/> characters and then to the context. <see cref="Fingerprint"/> is the
/// GGUF's sha256/size/quantization, as the model layer computes it. One embedding context serves every caller in turn:
/// thread-safe, one text at a time.
/// </summary>
public sealed class GgufEmbedder : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaEmbedder _embedder;
    private readonly EmbeddingOptions _options;
    private readonly Lock _gate = new();

    private GgufEmbedder(LLamaWeights weights, LLamaEmbedder embedder, EmbeddingOptions options, string path, string fingerprint)
    {
        _weights = weights;
        _embedder = embedder;
        _options = options;
        Path = path;
        Fingerprint = fingerprint;
        Dimension = embedder.EmbeddingSize;
        IsTiny = ModelFactory.IsTinyModelFile(path);
    }

    /// <summary>The GGUF file loaded.</summary>
    public string Path { get; }

    /// <summary>The GGUF's fingerprint (<c>gguf:sha256=…;size=…;quant=…</c>).</summary>
    public string Fingerprint { get; }

    /// <summary>The embedding length.</summary>
    public int Dimension { get; }

    /// <summary>Whether the model is the built-in random-weight test model (its embeddings are meaningless).</summary>
    public bool IsTiny { get; }

    /// <summary>Loads the model of <paramref name="options"/>.</summary>
    /// <param name="options">The model and embedding settings.</param>
    /// <param name="modelDirectory">Where the tiny model is written when <c>model: tiny</c> (null: the model layer's default).</param>
    /// <param name="loggerFactory">Receives llama.cpp's log.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <exception cref="FileNotFoundException">The GGUF does not exist.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp cannot load it as an embedding model.</exception>
    public static async Task<GgufEmbedder> LoadAsync(EmbeddingOptions options, string? modelDirectory = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var path = options.Model == "tiny"
            ? ModelFactory.EnsureTinyModel(new ModelRuntimeOptions { ModelDirectory = modelDirectory, LoggerFactory = loggerFactory })
            : options.Model;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"embedding model not found: {path}", path);
        }

        LlamaNativeLog.Install(loggerFactory.CreateLogger("LLama.Native"));
        var fingerprint = await ModelFactory.LocalFingerprintAsync(path, cancellationToken).ConfigureAwait(false);
        var threads = options.Threads ?? Environment.ProcessorCount;
        var parameters = LlamaEmbeddingGenerator.Parameters(path, options.Context, threads, options.GpuLayers, LLamaPoolingType.Mean);
        var weights = await LlamaWeightsLoader.LoadAsync(parameters, cancellationToken).ConfigureAwait(false);

        try
        {
            var embedder = new LLamaEmbedder(weights, parameters, loggerFactory.CreateLogger<LLamaEmbedder>());
            return new GgufEmbedder(weights, embedder, options, path, fingerprint);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>The mean-pooled, L2-normalised embedding of <paramref name="text"/> (a zero vector for an empty text).</summary>
    public float[] Embed(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = text.Length > _options.MaxChars ? text[.._options.MaxChars] : text;
        input = FitContext(input);
        if (input.Length == 0)
        {
            return new float[Dimension];
        }

        IReadOnlyList<float[]> vectors;
        lock (_gate)
        {
            // GetEmbeddings completes synchronously on the CPU backend; one context serves one text at a time.
            vectors = _embedder.GetEmbeddings(input, cancellationToken).GetAwaiter().GetResult();
        }

        return Pool(vectors, Dimension);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _embedder.Dispose();
            _weights.Dispose();
        }
    }

    private string FitContext(string input)
    {
        // Leave room for BOS/EOS; cut proportionally until the tokens fit.
        var limit = _options.Context - 4;
        for (var attempt = 0; attempt < 8 && input.Length > 0; attempt++)
        {
            var tokens = _weights.Tokenize(input, true, false, System.Text.Encoding.UTF8).Length;
            if (tokens <= limit)
            {
                return input;
            }

            var keep = (int)((long)input.Length * limit / tokens * 9 / 10);
            input = input[..Math.Max(0, Math.Min(keep, input.Length - 1))];
        }

        return input;
    }

    private static float[] Pool(IReadOnlyList<float[]> vectors, int dimension)
    {
        var pooled = new float[dimension];
        if (vectors.Count == 0)
        {
            return pooled;
        }

        // With mean pooling llama.cpp returns one vector; average defensively when it returns one per token.
        foreach (var vector in vectors)
        {
            for (var i = 0; i < dimension && i < vector.Length; i++)
            {
                pooled[i] += vector[i];
            }
        }

        double norm = 0;
        for (var i = 0; i < dimension; i++)
        {
            pooled[i] /= vectors.Count;
            norm += (double)pooled[i] * pooled[i];
        }

        if (norm > 0 && double.IsFinite(norm))
        {
            var scale = (float)(1.0 / Math.Sqrt(norm));
            for (var i = 0; i < dimension; i++)
            {
                pooled[i] *= scale;
            }
        }

        return pooled;
    }
}
