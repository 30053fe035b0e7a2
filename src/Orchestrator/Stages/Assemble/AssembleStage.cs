using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Generators.Assembly;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Assemble;

/// <summary>
/// <c>assemble: sequential | similar | random</c>: gathers documents (or passages) into <see cref="LongContext"/>s of a
/// target length through a <see cref="ContextAssembler{T}"/>. Each input item is held (<see cref="IStageOutput.Hold"/>)
/// until the context it joins is emitted as a new record (<see cref="IStageOutput.EmitGroupAsync"/>), whose input
/// records finish together once every output of the context is written; candidates that cannot be used (empty, or too
/// little text left at the end) are rejected with the reason. At the end of the input, what is held is assembled;
/// after a drain it stays unfinished and is read again on <c>--resume</c>. Thread-safe.
/// </summary>
public sealed class AssembleStage : Stage
{
    private readonly ContextAssembler<HeldItem> _assembler;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _documentsPerContext = [];
    private long _minLength = long.MaxValue;
    private long _maxLength;
    private long _totalLength;

    /// <summary>Creates the stage.</summary>
    public AssembleStage(string name, int concurrency, int capacity, ContextAssembler<HeldItem> assembler)
        : base(name, concurrency, capacity) => _assembler = assembler ?? throw new ArgumentNullException(nameof(assembler));

    /// <inheritdoc />
    public override IReadOnlyList<Type> InputTypes => [typeof(Document), typeof(Passage)];

    /// <inheritdoc />
    public override Type OutputType => typeof(LongContext);

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var candidate = payload switch
        {
            Document document => ContextCandidate.From(document),
            Passage passage => ContextCandidate.From(passage),
            _ => throw new InvalidOperationException($"stage '{Name}' expects Document or Passage but received {payload?.GetType().Name ?? "null"}"),
        };
        var step = _assembler.Offer(candidate, output.Hold(payload));
        await SendAsync(step, output, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask CompleteAsync(IStageOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await SendAsync(_assembler.Flush(), output, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendAsync(AssemblyStep<HeldItem> step, IStageOutput output, CancellationToken cancellationToken)
    {
        foreach (var assembled in step.Contexts)
        {
            Record(assembled.Context);
            await output.EmitGroupAsync(assembled.Context.Id, assembled.Members, assembled.Context, cancellationToken).ConfigureAwait(false);
        }

        foreach (var leftover in step.Leftovers)
        {
            await output.RejectHeldAsync(leftover.Handle, new Rejection { Stage = Name, By = "assemble", Reason = leftover.Reason }, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Record(LongContext context)
    {
        long length = context.Tokens ?? context.Text.Length;
        lock (_gate)
        {
            _documentsPerContext[context.Documents.Count] = _documentsPerContext.GetValueOrDefault(context.Documents.Count) + 1;
            _minLength = Math.Min(_minLength, length);
            _maxLength = Math.Max(_maxLength, length);
            _totalLength += length;
        }
    }

    /// <inheritdoc />
    public override JsonObject Report()
    {
        lock (_gate)
        {
            var contexts = _assembler.Contexts;
            var perContext = new JsonObject();
            foreach (var (count, n) in _documentsPerContext.OrderBy(kv => kv.Key))
            {
                perContext[count.ToString(System.Globalization.CultureInfo.InvariantCulture)] = n;
            }

            return new JsonObject
            {
                ["unit"] = _assembler.Unit,
                ["target"] = _assembler.Target,
                ["contexts"] = contexts,
                ["short_contexts"] = _assembler.ShortContexts,
                ["documents_placed"] = _assembler.Placed,
                ["documents_truncated"] = _assembler.Truncated,
                ["leftovers"] = _assembler.Leftovers,
                ["documents_per_context"] = perContext,
                ["length"] = contexts == 0 ? null : new JsonObject
                {
                    ["min"] = _minLength,
                    ["mean"] = Math.Round((double)_totalLength / contexts, 1),
                    ["max"] = _maxLength,
                },
            };
        }
    }
}
