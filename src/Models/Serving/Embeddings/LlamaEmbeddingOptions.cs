using MidTrain.Core.Configuration;

namespace MidTrain.Models.Serving.Embeddings;

/// <summary>How <see cref="LlamaEmbeddingGenerator"/> loads a GGUF embedding model. Defaults live here only.</summary>
public sealed class LlamaEmbeddingOptions : IValidatableOptions
{
    /// <summary>The GGUF file.</summary>
    public string? Path { get; init; }

    /// <summary>The model id clients name (default: the file name without <c>.gguf</c>).</summary>
    public string? ModelId { get; init; }

    /// <summary>Longest input in tokens (default 2048); it is also the batch size, so one input is one batch.</summary>
    public int Context { get; init; } = 2048;

    /// <summary>CPU threads; null = half the cores, at least 1.</summary>
    public int? Threads { get; init; }

    /// <summary>Layers offloaded to the GPU (CUDA build only; default 0).</summary>
    public int GpuLayers { get; init; }

    /// <summary>Pooling (default: the model's own).</summary>
    public EmbeddingPooling Pooling { get; init; } = EmbeddingPooling.Model;

    /// <summary>The id served: <see cref="ModelId"/>, or the file name without extension.</summary>
    public string EffectiveModelId => ModelId ?? System.IO.Path.GetFileNameWithoutExtension(Path ?? "embedding");

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrEmpty(Path))
        {
            throw new OptionsValidationException("path", "is required");
        }

        if (!File.Exists(Path))
        {
            throw new OptionsValidationException("path", $"GGUF file not found: {Path}");
        }

        if (Context is < 8 or > 1 << 20)
        {
            throw new OptionsValidationException("context", "must be between 8 and 1048576");
        }

        if (Threads is < 1)
        {
            throw new OptionsValidationException("threads", "must be at least 1");
        }

        if (GpuLayers < 0)
        {
            throw new OptionsValidationException("gpu_layers", "must not be negative");
        }
    }
}
