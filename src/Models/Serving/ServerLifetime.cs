namespace MidTrain.Models.Serving;

/// <summary>
/// The server's stop sequence as the request handlers see it: <see cref="IsStopping"/> (new requests get 503 while the
/// ones in flight finish), then <see cref="Abort"/> (the shutdown timeout passed: what still runs is cancelled). Counts
/// the handlers running. Thread-safe.
/// </summary>
internal sealed class ServerLifetime : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private int _running;
    private int _stopping;

    public bool IsStopping => Volatile.Read(ref _stopping) == 1;

    /// <summary>Cancelled when requests still running must stop now.</summary>
    public CancellationToken Abort => _abort.Token;

    public int Running => Volatile.Read(ref _running);

    public void BeginStopping() => Volatile.Write(ref _stopping, 1);

    public void AbortRequests()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Marks a handler as running until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        Interlocked.Increment(ref _running);
        return new Scope(this);
    }

    public void Dispose() => _abort.Dispose();

    private void Exit() => Interlocked.Decrement(ref _running);

    /// <summary>One running handler.</summary>
    public readonly struct Scope(ServerLifetime owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}
