using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MidTrain.Core.Configuration;

namespace MidTrain.Classifiers.Embedding;

/// <summary>
/// The GGUF embedding model of an <c>embedding</c> classifier and how texts are embedded. Stored in the model file
/// (with the model's fingerprint), so the classifier is applied with the embeddings it was trained on.
/// </summary>
public sealed class EmbeddingOptions : IValidatableOptions
{
    /// <summary>The GGUF file of the embedding model, or <c>tiny</c> for the built-in random-weight test model.</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>Context size in tokens: longer texts are cut to fit (default 512).</summary>
    [Range(16, 1 << 20)]
    [JsonPropertyName("context")]
    public int Context { get; set; } = 512;

    /// <summary>Texts are cut to this many characters before tokenizing (default 4000), bounding the cost per text.</summary>
    [Range(1, int.MaxValue)]
    [JsonPropertyName("max_chars")]
    public int MaxChars { get; set; } = 4000;

    /// <summary>CPU threads of llama.cpp (default: the number of cores).</summary>
    [Range(1, 1024)]
    [JsonPropertyName("threads")]
    public int? Threads { get; set; }

    /// <summary>Layers offloaded to a GPU (needs the CUDA build; default 0).</summary>
    [Range(0, 1000)]
    [JsonPropertyName("gpu_layers")]
    public int GpuLayers { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new OptionsValidationException("model", "is required: the path of a GGUF embedding model (or tiny)");
        }

        if (Context < 16)
        {
            throw new OptionsValidationException("context", $"must be at least 16, got {Context}");
        }

        if (MaxChars < 1)
        {
            throw new OptionsValidationException("max_chars", $"must be at least 1, got {MaxChars}");
        }
    }
}
