using Microsoft.Extensions.AI;

namespace MidTrain.Models;

/// <summary>
/// A ready model: the client with its full middleware stack (cache → usage → resilience → backend), its fingerprint
/// and usage totals. Dispose it to unload weights and close connections. Thread-safe.
/// </summary>
public sealed class ModelHandle : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;
    private int _disposed;

    internal ModelHandle(ModelSpec spec, IChatClient client, IChatClient backend, string fingerprint, ModelUsage usage, bool isTiny, Func<ValueTask> dispose)
    {
        Spec = spec;
        Client = client;
        Backend = backend;
        Fingerprint = fingerprint;
        Usage = usage;
        IsTinyTestModel = isTiny;
        _dispose = dispose;
    }

    /// <summary>The configuration this handle was built from.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The client to call: response cache → usage accounting → resilience → backend.</summary>
    public IChatClient Client { get; }

    /// <summary>The bare backend without middleware (for serving and benchmarks).</summary>
    public IChatClient Backend { get; }

    /// <summary>
    /// Identifies the weights or service: <c>gguf:sha256=…;size=…;quant=…</c> for local models,
    /// <c>openai:ENDPOINT[,ENDPOINT…]#MODEL</c> for remote ones. Goes to <c>manifest.json</c> and each sample's lineage.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>Running totals for this model.</summary>
    public ModelUsage Usage { get; }

    /// <summary>True for the built-in random-weight model: its outputs are meaningless.</summary>
    public bool IsTinyTestModel { get; }

    /// <summary>The model id reported in lineage (the served model id, or the GGUF file name).</summary>
    public string ModelId => Spec.ModelId;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _dispose().ConfigureAwait(false);
        }
    }
}
