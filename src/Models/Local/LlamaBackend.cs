using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging;

namespace MidTrain.Models.Local;

/// <summary>
/// A loaded GGUF model: weights (loaded once), the batching scheduler and the chat client over them. Owns and disposes
/// all three. Thread-safe.
/// </summary>
internal sealed class LlamaBackend : IAsyncDisposable
{
    private readonly LLamaWeights _weights;

    private LlamaBackend(LLamaWeights weights, BatchScheduler scheduler, LlamaChatClient client)
    {
        _weights = weights;
        Scheduler = scheduler;
        Client = client;
    }

    public BatchScheduler Scheduler { get; }

    public LlamaChatClient Client { get; }

    public LLamaWeights Weights => _weights;

    /// <summary>Loads <paramref name="path"/> and starts the scheduler.</summary>
    public static async Task<LlamaBackend> LoadAsync(string path, string modelId, LocalModelSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        LlamaNativeLog.Install(loggerFactory.CreateLogger("LLama.Native"));
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)settings.Context,
            SeqMax = (uint)settings.Parallel,
            BatchSize = (uint)settings.BatchSize,
            UBatchSize = (uint)settings.BatchSize,
            Threads = settings.Threads,
            BatchThreads = settings.Threads,
            GpuLayerCount = settings.GpuLayers,
            KVUnified = true,
        };

        var weights = await LlamaWeightsLoader.LoadAsync(parameters, cancellationToken).ConfigureAwait(false);

        try
        {
            var scheduler = new BatchScheduler(weights, parameters, settings.Parallel, loggerFactory.CreateLogger<BatchScheduler>());
            var client = new LlamaChatClient(weights, scheduler, modelId, settings.DefaultMaxTokens, settings.DefaultSeed, settings.Reasoning);
            return new LlamaBackend(weights, scheduler, client);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        _weights.Dispose();
    }
}
