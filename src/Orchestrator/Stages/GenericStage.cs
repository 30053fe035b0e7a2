using MidTrain.Core.Records;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// Model-free stages: <c>generic: passthrough</c> forwards every item unchanged; <c>generic: length_filter</c>
/// rejects items whose text is shorter than <c>min_chars</c> or longer than <c>max_chars</c>; either may add a
/// simulated latency per item with <c>delay_ms</c>. Thread-safe.
/// </summary>
public sealed class GenericStage : Stage
{
    private readonly string _operation;
    private readonly int _minChars;
    private readonly int _maxChars;
    private readonly TimeSpan _delay;

    private GenericStage(StageOptions options, string operation, int minChars, int maxChars, TimeSpan delay)
        : base(options.Name, options.Concurrency, options.Capacity)
    {
        _operation = operation;
        _minChars = minChars;
        _maxChars = maxChars;
        _delay = delay;
    }

    /// <summary>The operations available.</summary>
    public static IReadOnlyList<string> Operations { get; } = ["passthrough", "length_filter"];

    /// <summary>Builds the stage from its spec.</summary>
    public static GenericStage Create(StageSpec spec)
    {
        var operation = spec.ValueText ?? string.Empty;
        if (!Operations.Contains(operation))
        {
            throw spec.Options.Error(spec.Kind, $"unknown generic operation '{operation}' (known: {string.Join(", ", Operations)})");
        }

        var options = StageOptions.Read(spec, defaultConcurrency: 2);
        var minChars = 0;
        var maxChars = int.MaxValue;
        if (operation == "length_filter")
        {
            minChars = spec.Options.GetInt("min_chars", 0, 0);
            maxChars = spec.Options.GetInt("max_chars", int.MaxValue, 1);
            if (maxChars < minChars)
            {
                throw spec.Options.Error("max_chars", $"must be at least min_chars ({minChars})");
            }
        }

        // Simulated per-item latency: lets users rehearse concurrency, backpressure and resume without a model.
        var delay = TimeSpan.FromMilliseconds(spec.Options.GetInt("delay_ms", 0, 0, 3_600_000));
        spec.Options.EnsureAllUsed();
        return new GenericStage(options, operation, minChars, maxChars, delay);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken)
    {
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
        }

        if (_operation == "length_filter")
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
        Sample s => string.Concat(s.Messages.Select(m => m.Content)),
        _ => string.Empty,
    };
}
