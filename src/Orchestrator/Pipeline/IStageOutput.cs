namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// What a stage can do with the item it is processing: pass results on (<see cref="EmitAsync"/>, any number of times,
/// for fan-out) or reject. To fail the item, throw: the engine routes the exception to <c>failed.jsonl</c>. An item
/// that a stage neither emits nor rejects is recorded as rejected with reason <c>no_output</c>, so nothing vanishes.
/// Valid only during the <see cref="Stage.ProcessAsync"/> call it was given to.
/// </summary>
public interface IStageOutput
{
    /// <summary>Sends <paramref name="payload"/> to the next stage (or to <c>accepted.jsonl</c> after the last one).</summary>
    ValueTask EmitAsync(object payload, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="payload"/> to <c>rejected.jsonl</c> with <paramref name="rejection"/>.</summary>
    ValueTask RejectAsync(object payload, Rejection rejection, CancellationToken cancellationToken);
}
