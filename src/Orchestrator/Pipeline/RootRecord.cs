namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// One input record as the unit of accounting and resume. Every item derived from it (passages, samples) shares this
/// object; <see cref="Outstanding"/> counts the live items, and when it reaches zero every output of the record has
/// been handed to the sink, so the record can be journaled as done. Thread-safe.
/// </summary>
public sealed class RootRecord
{
    private int _outstanding = 1;
    private int _outputs;

    /// <summary>Creates the root of an input record.</summary>
    /// <param name="key">The record's unique key (its id; <c>@file:line</c> for lines without one).</param>
    /// <param name="file">The input file.</param>
    /// <param name="line">The 1-based line (0 for whole-file documents).</param>
    public RootRecord(string key, string? file, long line)
    {
        Key = key;
        File = file;
        Line = line;
    }

    /// <summary>The unique key.</summary>
    public string Key { get; }

    /// <summary>The input file the record came from.</summary>
    public string? File { get; }

    /// <summary>The 1-based line number in <see cref="File"/> (0 for whole-file documents).</summary>
    public long Line { get; }

    /// <summary>Live items derived from this record.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Output lines written for this record so far.</summary>
    public int Outputs => Volatile.Read(ref _outputs);

    /// <summary>Where the record came from, as <c>file:line</c>.</summary>
    public string Location => Line > 0 ? $"{File}:{Line}" : File ?? Key;

    internal void AddItem() => Interlocked.Increment(ref _outstanding);

    /// <summary>Releases one item; true when it was the last one.</summary>
    internal bool ReleaseItem() => Interlocked.Decrement(ref _outstanding) == 0;

    internal void CountOutput() => Interlocked.Increment(ref _outputs);
}
