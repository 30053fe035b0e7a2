using System.Runtime.InteropServices;

namespace MidTrain.Orchestrator.Cli;

/// <summary>
/// How a server command stops: the first SIGTERM or SIGINT requests a graceful stop (<see cref="StopRequested"/>), the
/// second cancels what is still running (<see cref="StopNow"/>, also cancelled by the command's own token). Each signal
/// is announced on stderr. Register before loading anything, so a signal during start-up also ends the process cleanly.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly CancellationTokenSource _stopNow;
    private readonly CancellationTokenSource _either;
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;
    private readonly TimeSpan _grace;
    private int _signals;

    /// <summary>Starts listening; <paramref name="grace"/> is what the first signal's message promises.</summary>
    public ShutdownSignals(TimeSpan grace, CancellationToken cancellationToken)
    {
        _grace = grace;
        _stopNow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _either = CancellationTokenSource.CreateLinkedTokenSource(_stopRequested.Token, _stopNow.Token);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Cancelled by the first signal: stop accepting work, let what runs finish.</summary>
    public CancellationToken StopRequested => _stopRequested.Token;

    /// <summary>Cancelled by the second signal (or the command's token): cancel what still runs.</summary>
    public CancellationToken StopNow => _stopNow.Token;

    /// <summary>Cancelled by either (for start-up work: loading models, building rewards).</summary>
    public CancellationToken Any => _either.Token;

    /// <summary>Waits for the first signal.</summary>
    public async Task WaitAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, _either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Serves until the first signal, then stops the server through <paramref name="stopAsync"/> (which the second
    /// signal cuts short), saying on stderr how many requests were still in flight and when it has stopped.
    /// </summary>
    public async Task StopAfterSignalAsync(Func<int> requestsInFlight, Func<CancellationToken, Task> stopAsync)
    {
        ArgumentNullException.ThrowIfNull(requestsInFlight);
        ArgumentNullException.ThrowIfNull(stopAsync);
        await WaitAsync().ConfigureAwait(false);
        var running = requestsInFlight();
        if (running > 0)
        {
            Console.Error.WriteLine($"stopping: {running} request(s) in flight");
        }

        await stopAsync(StopNow).ConfigureAwait(false);
        Console.Error.WriteLine("stopped");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sigterm.Dispose();
        _sigint.Dispose();
        _either.Dispose();
        _stopNow.Dispose();
        _stopRequested.Dispose();
    }

    private void OnSignal(PosixSignalContext signal)
    {
        signal.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            Console.Error.WriteLine($"{signal.Signal}: stopping (requests in flight get up to {_grace.TotalSeconds:0.#} s; send it again to cancel them now)");
            _stopRequested.Cancel();
        }
        else
        {
            Console.Error.WriteLine($"{signal.Signal}: cancelling requests in flight");
            _stopNow.Cancel();
        }
    }
}
