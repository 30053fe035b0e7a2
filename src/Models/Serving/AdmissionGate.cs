namespace MidTrain.Models.Serving;

/// <summary>
/// Bounds the work a backend is given: at most <c>parallel</c> requests run, at most <c>maxQueue</c> more wait (in
/// arrival order), and a request beyond that is refused at once (429) instead of piling up. Thread-safe.
/// </summary>
internal sealed class AdmissionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _capacity;
    private int _admitted;
    private int _running;

    public AdmissionGate(int parallel, int maxQueue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueue);
        Parallel = parallel;
        _slots = new SemaphoreSlim(parallel, parallel);
        _capacity = parallel + maxQueue;
    }

    /// <summary>Requests allowed to run at once.</summary>
    public int Parallel { get; }

    /// <summary>Requests running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Requests admitted and waiting for a slot.</summary>
    public int Waiting => Math.Max(0, Volatile.Read(ref _admitted) - Running);

    /// <summary>Requests admitted (running or waiting).</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Admits a request, or returns null when the queue is full. Dispose the ticket when the request is done.</summary>
    public Ticket? TryAdmit()
    {
        if (Interlocked.Increment(ref _admitted) > _capacity)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }

        return new Ticket(this);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>One admitted request: waits for a slot, then holds it until disposed.</summary>
    public sealed class Ticket : IDisposable
    {
        private readonly AdmissionGate _gate;
        private int _state; // 0 waiting, 1 running, 2 done

        internal Ticket(AdmissionGate gate) => _gate = gate;

        /// <summary>Waits for a free slot (first come, first served).</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            await _gate._slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
            {
                Interlocked.Increment(ref _gate._running);
            }
            else
            {
                _gate._slots.Release();
            }
        }

        /// <summary>Frees the slot (if held) and the place in the queue. Idempotent.</summary>
        public void Dispose()
        {
            var previous = Interlocked.Exchange(ref _state, 2);
            if (previous == 2)
            {
                return;
            }

            if (previous == 1)
            {
                Interlocked.Decrement(ref _gate._running);
                _gate._slots.Release();
            }

            Interlocked.Decrement(ref _gate._admitted);
        }
    }
}
