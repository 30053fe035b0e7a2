using Microsoft.Extensions.AI;

namespace MidTrain.Models.Remote;

/// <summary>
/// What every pool of endpoints serving the same model shares, however it picks an endpoint for a call: it needs at
/// least one endpoint, owns them (disposing the pool disposes them), answers for itself and asks the first endpoint
/// about any other service (they serve the same model).
/// </summary>
internal abstract class ChatClientPool : IChatClient
{
    private readonly IReadOnlyList<IChatClient> _endpoints;

    /// <summary>Creates the pool over <paramref name="endpoints"/> (at least one).</summary>
    protected ChatClientPool(IReadOnlyList<IChatClient> endpoints)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("at least one endpoint is needed", nameof(endpoints));
        }

        _endpoints = endpoints;
    }

    /// <inheritdoc />
    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return _endpoints[0].GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }
    }
}
