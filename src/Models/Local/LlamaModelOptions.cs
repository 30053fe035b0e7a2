using System.ComponentModel.DataAnnotations;

namespace MidTrain.Models.Local;

/// <summary>The keys of a <c>provider: llama</c> model (in-process llama.cpp). Defaults live here only.</summary>
public sealed class LlamaModelOptions
{
    /// <summary>The GGUF file, or <c>tiny</c> for the built-in random-weight test model (meaningless output).</summary>
    public string? Path { get; set; }

    /// <summary>Context size shared by all parallel sequences (default 4096).</summary>
    [Range(64, 1 << 22)]
    public int Context { get; set; } = 4096;

    /// <summary>Sequences decoded together (default 4).</summary>
    [Range(1, 256)]
    public int Parallel { get; set; } = 4;

    /// <summary>CPU threads; null = half the cores, at least 1.</summary>
    [Range(1, 1024)]
    public int? Threads { get; set; }

    /// <summary>Layers offloaded to the GPU (needs the CUDA backend build; default 0).</summary>
    [Range(0, 100_000)]
    public int GpuLayers { get; set; }

    /// <summary>Tokens per decode batch (default 512).</summary>
    [Range(1, 1 << 20)]
    public int BatchSize { get; set; } = 512;

    /// <summary>The effective CPU thread count.</summary>
    public int EffectiveThreads => Threads ?? Math.Max(1, Environment.ProcessorCount / 2);
}
