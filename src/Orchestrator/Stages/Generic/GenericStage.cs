using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generic;

/// <summary>
/// Model-free stages: <c>generic: passthrough</c> forwards every item unchanged; <c>generic: length_filter</c>
/// rejects items whose text is shorter than <c>min_chars</c> or longer than <c>max_chars</c>; either may add a
/// simulated latency per item with <c>delay_ms</c>. Thread-safe.
/// </summary>
public sealed class GenericStage : Stage
{
    private readonly GenericOperation _operation;
    private readonly int _minChars;
    private readonly int _maxChars;
    private readonly TimeSpan _delay;

    /// <summary>Creates the stage.</summary>
    public GenericStage(string name, int concurrency, int capacity, GenericOperation operation, GenericStageOptions options)
        : base(name, concurrency, capacity)
    {
        ArgumentNullException.ThrowIfNull(options);
        _operation = operation;
        _minChars = options.MinChars;
        _maxChars = options.MaxChars;
        _delay = options.Delay;
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken)
    {
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
        }

        if (_operation == GenericOperation.LengthFilter)
        {
            var length = TextOf(payload).Length;
            if (length < _minChars || length > _maxChars)
            {
                await output.RejectAsync(payload, new Rejection
                {
                    Stage = Name,
                    By = "length_filter",
                    Reason = length < _minChars ? $"text has {length} characters, fewer than min_chars {_minChars}" : $"text has {length} characters, more than max_chars {_maxChars}",
                }, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await output.EmitAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    private static string TextOf(object payload) => payload switch
    {
        Document d => d.Text,
        Passage p => p.Text,
        LongContext c => c.Text,
        Sample s => string.Concat(s.Messages.Select(m => m.Content)),
        _ => string.Empty,
    };
}
