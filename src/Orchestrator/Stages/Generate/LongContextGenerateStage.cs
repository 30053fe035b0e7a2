using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Generators.LongContext;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// <c>generate: NAME</c> for a long-context generator: contexts (from an <c>assemble</c> stage) → samples through an
/// <see cref="ILongContextGenerator"/>, with near-duplicate filtering of the questions (<c>fields.question</c>, not the
/// whole user turn) and a report that adds long-context figures (context lengths, evidence depths, documents per
/// context, task-type mix) to the generation figures. Each context gets its own seed derived from the run seed and the
/// context id. Thread-safe.
/// </summary>
public sealed class LongContextGenerateStage : GeneratingStage<LongContext>
{
    private readonly ILongContextGenerator _generator;
    private readonly LongContextReport _longContext = new();

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Contexts generated from at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="seed">The run seed (each context derives its own).</param>
    /// <param name="dedup">The near-duplicate index, or null for none.</param>
    /// <param name="reasoning">What becomes of reasoning traces (default: kept in the messages' reasoning field).</param>
    /// <param name="reasoningTemplate">How <see cref="ReasoningMode.Keep"/> writes a trace.</param>
    public LongContextGenerateStage(string name, int concurrency, int capacity, ILongContextGenerator generator, long seed, NearDuplicateIndex? dedup,
        ReasoningMode reasoning = ReasoningMode.Separate, ReasoningTemplate? reasoningTemplate = null)
        : base(name, concurrency, capacity, seed, new GeneratedSamples(name, dedup, "context", reasoning, reasoningTemplate))
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
    }

    /// <inheritdoc />
    public override JsonObject Report()
    {
        var report = base.Report();
        report["long_context"] = _longContext.ToJson();
        return report;
    }

    /// <inheritdoc />
    protected override string SeedKey(LongContext payload) => payload.Id;

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Sample> Generate(LongContext payload, long seed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _longContext.AddContext(payload);
        await foreach (var sample in _generator.GenerateAsync(payload, seed, cancellationToken).ConfigureAwait(false))
        {
            _longContext.AddSample(sample);
            yield return sample;
        }
    }
}
