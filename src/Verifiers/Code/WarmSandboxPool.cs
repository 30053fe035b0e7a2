using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Idle warm sandbox servers by key (interpreter and bind set), started on demand: a caller rents a server for one
/// execution and returns it; a server that failed is never returned to the pool. At most <c>maxIdle</c> servers wait
/// idle (extra ones are stopped). Servers are never shared by two executions at once. Thread-safe.
/// </summary>
internal sealed class WarmSandboxPool(int maxIdle, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<WarmSandboxServer>> _idle = new(StringComparer.Ordinal);
    private int _idleCount;
    private int _disposed;

    /// <summary>An idle server for <paramref name="key"/>, or a new one started with <paramref name="startInfo"/>. Throws <see cref="WarmServerException"/> when it cannot start.</summary>
    public async Task<WarmSandboxServer> RentAsync(string key, Func<ProcessStartInfo> startInfo, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (_idle.TryGetValue(key, out var bag))
        {
            while (bag.TryTake(out var server))
            {
                Interlocked.Decrement(ref _idleCount);
                if (server.IsUsable)
                {
                    return server;
                }

                server.Dispose();
            }
        }

        return await WarmSandboxServer.StartAsync(startInfo(), key, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives a server back after a successful execution; failed, killed or surplus servers are stopped.</summary>
    public void Return(WarmSandboxServer server)
    {
        if (server.IsUsable && Volatile.Read(ref _disposed) == 0)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.GetOrAdd(server.Key, _ => []).Add(server);
                if (Volatile.Read(ref _disposed) == 1)
                {
                    DisposeIdle();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        server.Dispose();
    }

    /// <summary>Stops every idle server.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DisposeIdle();
        }
    }

    private void DisposeIdle()
    {
        foreach (var bag in _idle.Values)
        {
            while (bag.TryTake(out var server))
            {
                server.Dispose();
            }
        }
    }
}
