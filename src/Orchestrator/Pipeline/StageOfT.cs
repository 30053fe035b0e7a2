namespace MidTrain.Orchestrator.Pipeline;

/// <summary>A <see cref="Stage"/> with a typed input and output; the engine checks the chain of types when it is built.</summary>
/// <typeparam name="TIn">The payload type accepted.</typeparam>
/// <typeparam name="TOut">The payload type emitted.</typeparam>
public abstract class Stage<TIn, TOut> : Stage
    where TIn : class
    where TOut : class
{
    /// <inheritdoc />
    protected Stage(string name, int concurrency = 1, int capacity = 0)
        : base(name, concurrency, capacity)
    {
    }

    /// <inheritdoc />
    public sealed override Type InputType => typeof(TIn);

    /// <inheritdoc />
    public sealed override Type OutputType => typeof(TOut);

    /// <inheritdoc />
    public sealed override ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken) =>
        payload is TIn typed
            ? ProcessAsync(typed, output, cancellationToken)
            : throw new InvalidOperationException($"stage '{Name}' expects {typeof(TIn).Name} but received {payload.GetType().Name}");

    /// <summary>Processes one typed payload.</summary>
    protected abstract ValueTask ProcessAsync(TIn payload, IStageOutput output, CancellationToken cancellationToken);
}
