namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// One step of a pipeline. The engine owns scheduling, channels, error routing, rejects, cancellation and accounting;
/// a stage only transforms one payload at a time. <see cref="ProcessAsync"/> is called concurrently by
/// <see cref="Concurrency"/> workers, so implementations must be thread-safe.
/// </summary>
public abstract class Stage : IAsyncDisposable
{
    /// <summary>Creates a stage.</summary>
    /// <param name="name">The name shown in progress, logs and output records (e.g. <c>verify:math</c>).</param>
    /// <param name="concurrency">Items processed at once.</param>
    /// <param name="capacity">Capacity of the bounded channel feeding this stage (0 = 2 × concurrency).</param>
    protected Stage(string name, int concurrency = 1, int capacity = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Name = name;
        Concurrency = concurrency;
        Capacity = capacity == 0 ? Math.Max(2, concurrency * 2) : capacity;
    }

    /// <summary>The stage name.</summary>
    public string Name { get; }

    /// <summary>Items processed at once.</summary>
    public int Concurrency { get; }

    /// <summary>Capacity of the input channel.</summary>
    public int Capacity { get; }

    /// <summary>The payload type this stage accepts (checked against the previous stage when the pipeline is built).</summary>
    public virtual Type InputType => typeof(object);

    /// <summary>The payload types this stage accepts, any one of them (default: <see cref="InputType"/>).</summary>
    public virtual IReadOnlyList<Type> InputTypes => [InputType];

    /// <summary>The payload type this stage emits; <see cref="object"/> means "the same as its input".</summary>
    public virtual Type OutputType => typeof(object);

    /// <summary>Processes one payload.</summary>
    public abstract ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken);

    /// <summary>
    /// Called once after the last <see cref="ProcessAsync"/> call has returned, when the stage's input is exhausted —
    /// not after a drain, a cancellation or a fault, which leave held items unfinished for <c>--resume</c>. A stage that
    /// holds items (<see cref="IStageOutput.Hold"/>) emits or rejects them here; the output has no current item, so only
    /// <see cref="IStageOutput.EmitGroupAsync"/> and <see cref="IStageOutput.RejectHeldAsync"/> may be used. An
    /// exception aborts the run. Default: nothing.
    /// </summary>
    public virtual ValueTask CompleteAsync(IStageOutput output, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Stage-specific figures for the manifest (e.g. a generation report), or null.</summary>
    public virtual System.Text.Json.Nodes.JsonObject? Report() => null;

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
