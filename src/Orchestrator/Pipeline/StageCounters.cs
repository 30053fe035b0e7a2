namespace MidTrain.Orchestrator.Pipeline;

/// <summary>Live counters of one stage, read by the progress display and the manifest. Thread-safe.</summary>
public sealed class StageCounters(string name)
{
    private long _in;
    private long _out;
    private long _rejected;
    private long _failed;

    /// <summary>The stage name.</summary>
    public string Name { get; } = name;

    /// <summary>Items the stage has started.</summary>
    public long In => Interlocked.Read(ref _in);

    /// <summary>Items the stage has emitted.</summary>
    public long Out => Interlocked.Read(ref _out);

    /// <summary>Items the stage has rejected.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Items that failed in the stage.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void CountIn() => Interlocked.Increment(ref _in);

    internal void CountOut() => Interlocked.Increment(ref _out);

    internal void CountRejected() => Interlocked.Increment(ref _rejected);

    internal void CountFailed() => Interlocked.Increment(ref _failed);
}
