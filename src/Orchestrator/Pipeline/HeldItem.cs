namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// An item a stage keeps to gather with later ones (<see cref="IStageOutput.Hold"/>): its input record stays open until
/// the item ends, exactly once, in a group (<see cref="IStageOutput.EmitGroupAsync"/>) or rejected
/// (<see cref="IStageOutput.RejectHeldAsync"/>). Valid for the engine run that created it. Thread-safe.
/// </summary>
public sealed class HeldItem
{
    private int _ended;

    internal HeldItem(object owner, RootRecord root, object payload)
    {
        Owner = owner;
        Root = root;
        Payload = payload;
    }

    /// <summary>The held payload.</summary>
    public object Payload { get; }

    /// <summary>The key of the input record the item belongs to (for messages and logs).</summary>
    public string RecordKey => Root.Key;

    /// <summary>Whether the item has ended (grouped or rejected).</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    internal object Owner { get; }

    internal RootRecord Root { get; }

    /// <summary>Marks the item ended; false when it already was.</summary>
    internal bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    /// <summary>Undoes <see cref="TryEnd"/> (a group refused before anything was written).</summary>
    internal void Unend() => Volatile.Write(ref _ended, 0);
}
