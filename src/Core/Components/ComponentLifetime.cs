namespace MidTrain.Core.Components;

/// <summary>
/// Ending a component whose factory may or may not have made it disposable (plug-in processes, sandbox pools, model
/// clients hold resources; pure verifiers and filters hold none). Stateless, thread-safe.
/// </summary>
public static class ComponentLifetime
{
    /// <summary>
    /// Disposes <paramref name="component"/> asynchronously when it is <see cref="IAsyncDisposable"/>, else synchronously
    /// when it is <see cref="IDisposable"/>; does nothing otherwise (or for null).
    /// </summary>
    public static async ValueTask DisposeAsync(object? component)
    {
        switch (component)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
