namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// Where the engine's results go. Called from a single task only (the engine serialises every call), so
/// implementations need no locking. <see cref="Checkpoint"/> must make every line written so far durable before it
/// records the roots passed to <see cref="MarkDone"/> as done (outputs first, journal second).
/// </summary>
public interface IRecordSink
{
    /// <summary>Writes an accepted payload.</summary>
    void WriteAccepted(RootRecord root, object payload);

    /// <summary>Writes a rejected payload with the reason.</summary>
    void WriteRejected(RootRecord root, object payload, Rejection rejection);

    /// <summary>Writes a failed item (the payload may be null for unreadable input).</summary>
    void WriteFailed(RootRecord root, object? payload, ItemFailure failure);

    /// <summary>
    /// Notes that every output of <paramref name="root"/> has been written; journaled at the next checkpoint. When the
    /// record was gathered into a group, the whole unit is done: journal every record of
    /// <see cref="RootRecord.FinishedWith"/> together, in one atomic write.
    /// </summary>
    void MarkDone(RootRecord root);

    /// <summary>Flushes outputs, then journals the roots marked done since the last checkpoint.</summary>
    void Checkpoint();
}
