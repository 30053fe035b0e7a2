using MidTrain.Models.Reasoning;

namespace MidTrain.Models.Local;

/// <summary>Runtime settings of a local model, resolved from a <see cref="ModelSpec"/>. Immutable.</summary>
internal sealed record LocalModelSettings(int Context, int Parallel, int Threads, int GpuLayers, int BatchSize, int DefaultMaxTokens, long DefaultSeed, ModelReasoningOptions? Reasoning = null);
