using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MidTrain.Models.Local;

namespace MidTrain.Models.Serving.Embeddings;

/// <summary>
/// Embeddings from a GGUF embedding model through llama.cpp: one pooled, unit-length vector per input, computed one
/// input at a time (requests queue on a lock; each input gets a fresh context, so inputs never influence each other).
/// Implements <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over <see cref="LLamaEmbedder.GetEmbeddings"/>,
/// because LLamaSharp 0.30.0's own <c>GenerateAsync</c> reads a disposed context and throws. Deterministic: the same
/// input gives the same vector. Thread-safe.
/// </summary>
public sealed class LlamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LLamaWeights _weights;
    private readonly LLamaEmbedder _embedder;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly int _context;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    private LlamaEmbeddingGenerator(LLamaWeights weights, LLamaEmbedder embedder, int context, string modelId, EmbeddingPooling pooling)
    {
        _weights = weights;
        _embedder = embedder;
        _context = context;
        Pooling = pooling;
        _metadata = new EmbeddingGeneratorMetadata("llama.cpp", null, modelId, embedder.EmbeddingSize);
    }

    /// <summary>Length of every vector.</summary>
    public int Dimensions => _metadata.DefaultModelDimensions ?? 0;

    /// <summary>The model id clients name.</summary>
    public string ModelId => _metadata.DefaultModelId!;

    /// <summary>The pooling in effect (the model's own resolved, or the one asked for).</summary>
    public EmbeddingPooling Pooling { get; }

    /// <summary>Loads the model and checks that it pools into one vector.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">Bad options, or (key <c>pooling</c>) a model that does not pool and no pooling was chosen.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp could not load the file.</exception>
    public static async Task<LlamaEmbeddingGenerator> LoadAsync(LlamaEmbeddingOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        LlamaNativeLog.Install(loggerFactory.CreateLogger("LLama.Native"));
        var threads = options.Threads ?? Math.Max(1, Environment.ProcessorCount / 2);
        var parameters = Parameters(options.Path!, options.Context, threads, options.GpuLayers, options.Pooling switch
        {
            EmbeddingPooling.Mean => LLamaPoolingType.Mean,
            EmbeddingPooling.Cls => LLamaPoolingType.CLS,
            EmbeddingPooling.Last => LLamaPoolingType.Last,
            _ => LLamaPoolingType.Unspecified,
        });

        var weights = await LlamaWeightsLoader.LoadAsync(parameters, cancellationToken).ConfigureAwait(false);

        try
        {
            var logger = loggerFactory.CreateLogger<LlamaEmbeddingGenerator>();
            LLamaPoolingType resolved;
            using (var probe = weights.CreateContext(parameters, logger))
            {
                resolved = probe.NativeHandle.PoolingType;
            }

            var pooling = resolved switch
            {
                LLamaPoolingType.Mean => EmbeddingPooling.Mean,
                LLamaPoolingType.CLS => EmbeddingPooling.Cls,
                LLamaPoolingType.Last => EmbeddingPooling.Last,
                LLamaPoolingType.None => throw new Core.Configuration.OptionsValidationException("pooling",
                    $"'{options.Path}' gives one vector per token (its GGUF sets no pooling type); choose one: mean, cls or last"),
                _ => throw new Core.Configuration.OptionsValidationException("pooling", $"'{options.Path}' pools with '{resolved}', which gives no embedding vector (a reranker?)"),
            };
            if (weights.NativeHandle is { HasEncoder: true, HasDecoder: true })
            {
                throw new Core.Configuration.OptionsValidationException("path", $"'{options.Path}' is an encoder-decoder model; llama.cpp computes embeddings of encoder-only or decoder-only models");
            }

            var embedder = new LLamaEmbedder(weights, parameters, logger);
            return new LlamaEmbeddingGenerator(weights, embedder, options.Context, options.EffectiveModelId, pooling);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The llama.cpp parameters of an embedding model: one context of <paramref name="context"/> tokens that is also the
    /// batch and micro-batch size, since llama.cpp pools within one micro-batch and a whole input must fit in it.
    /// </summary>
    internal static ModelParams Parameters(string path, int context, int threads, int gpuLayers, LLamaPoolingType pooling) => new(path)
    {
        ContextSize = (uint)context,
        BatchSize = (uint)context,
        UBatchSize = (uint)context,
        Threads = threads,
        BatchThreads = threads,
        GpuLayerCount = gpuLayers,
        Embeddings = true,
        PoolingType = pooling,
    };

    /// <summary>Tokens <paramref name="value"/> takes (what the model reads, start token included).</summary>
    public int CountTokens(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _weights.Tokenize(value, true, true, Encoding.UTF8).Length;
    }

    /// <inheritdoc />
    /// <exception cref="ModelCallException">Kind <c>context_length</c>: an input is longer than the context.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var inputs = values.ToList();
        var tokens = new long[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            tokens[i] = CountTokens(inputs[i]);
            if (tokens[i] > _context)
            {
                throw new ModelCallException(ModelFailureKinds.ContextLength, $"input {i} has {tokens[i]} tokens; the embedding context holds {_context}");
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var vectors = await _embedder.GetEmbeddings(inputs[i], cancellationToken).ConfigureAwait(false);
                if (vectors.Count != 1)
                {
                    throw new InvalidOperationException($"llama.cpp returned {vectors.Count} vectors for one pooled input");
                }

                result.Add(new Embedding<float>(vectors[0]) { ModelId = ModelId });
            }
        }
        finally
        {
            _lock.Release();
        }

        var total = tokens.Sum();
        result.Usage = new UsageDetails { InputTokenCount = total, TotalTokenCount = total };
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Wait for a running input to finish before the native objects go.
        _lock.Wait();
        _embedder.Dispose();
        _weights.Dispose();
        _lock.Dispose();
    }
}
