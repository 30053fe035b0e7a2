namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// What a stage can do with the item it is processing: pass results on (<see cref="EmitAsync"/>, any number of times,
/// for fan-out) or reject. To fail the item, throw: the engine routes the exception to <c>failed.jsonl</c>. An item
/// that a stage neither emits nor rejects (nor holds) is recorded as rejected with reason <c>no_output</c>, so nothing
/// vanishes. Valid only during the <see cref="Stage.ProcessAsync"/> or <see cref="Stage.CompleteAsync"/> call it was
/// given to.
/// </summary>
/// <remarks>
/// <para><b>Gathering (n → 1).</b> A stage that combines several items into one output (e.g. documents assembled into a
/// long context) holds each item (<see cref="Hold"/>) and later emits the combination with
/// <see cref="EmitGroupAsync"/>, or rejects what it cannot use with <see cref="RejectHeldAsync"/>, from any later
/// <see cref="Stage.ProcessAsync"/> call or from <see cref="Stage.CompleteAsync"/> (called once after the last item).
/// The combination becomes a new record, named by the stage, whose input records finish together: they are journaled
/// in one line once every output of the group is written (see <see cref="RootRecord"/>). A held item keeps its input
/// record open, so after a crash, a cancellation or a drain it is simply read again on <c>--resume</c>. A stage must not
/// throw after holding the item it is processing (the run is aborted: the item would end twice).</para>
/// </remarks>
public interface IStageOutput
{
    /// <summary>Sends <paramref name="payload"/> to the next stage (or to <c>accepted.jsonl</c> after the last one).</summary>
    ValueTask EmitAsync(object payload, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="payload"/> to <c>rejected.jsonl</c> with <paramref name="rejection"/>.</summary>
    ValueTask RejectAsync(object payload, Rejection rejection, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the item being processed (as <paramref name="payload"/>: the item or what the stage made of it) to gather
    /// later; the engine neither rejects it as <c>no_output</c> nor finishes its record.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from <see cref="Stage.CompleteAsync"/> (there is no current item).</exception>
    HeldItem Hold(object payload);

    /// <summary>
    /// Sends <paramref name="payload"/>, made from <paramref name="members"/>, on as a new record named
    /// <paramref name="key"/> (unique in the run and stable for the same members, e.g. a hash of their ids: the line's
    /// root key on resume). Each member ends here.
    /// </summary>
    /// <exception cref="InvalidOperationException">A member has already ended, is listed twice, or is not from this run.</exception>
    ValueTask EmitGroupAsync(string key, IReadOnlyList<HeldItem> members, object payload, CancellationToken cancellationToken);

    /// <summary>Writes the held <paramref name="item"/> to <c>rejected.jsonl</c> with <paramref name="rejection"/>; it ends here.</summary>
    /// <exception cref="InvalidOperationException">The item has already ended or is not from this run.</exception>
    ValueTask RejectHeldAsync(HeldItem item, Rejection rejection, CancellationToken cancellationToken);
}
