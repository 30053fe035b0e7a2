using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Generators.LongContext;
using MidTrain.Generators.Reporting;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// <c>generate: NAME</c> for a long-context generator: contexts (from an <c>assemble</c> stage) → samples through an
/// <see cref="ILongContextGenerator"/>, with near-duplicate filtering of the questions (<c>fields.question</c>, not the
/// whole user turn) and a report that adds long-context figures (context lengths, evidence depths, documents per
/// context, task-type mix) to the generation figures. Each context gets its own seed derived from the run seed and the
/// context id. Thread-safe.
/// </summary>
public sealed class LongContextGenerateStage : Stage<LongContext, Sample>, IRunLevelDecisions
{
    private readonly ILongContextGenerator _generator;
    private readonly long _seed;
    private readonly GeneratedSamples _samples;
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
        : base(name, concurrency, capacity)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _seed = seed;
        _samples = new GeneratedSamples(name, dedup, "context", reasoning, reasoningTemplate);
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(LongContext payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var seed = SeedDerivation.Derive(_seed, payload.Id);
        _longContext.AddContext(payload);
        var produced = 0;
        try
        {
            await foreach (var sample in _generator.GenerateAsync(payload, seed, cancellationToken).ConfigureAwait(false))
            {
                produced++;
                _longContext.AddSample(sample);
                await _samples.OfferAsync(sample, output, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ItemFailureException ex) when (ex.Kind == "parse")
        {
            _samples.Report.AddParseFailure();
            throw;
        }
        catch (ItemFailureException ex) when (ex.Kind == Core.Structured.StructuredChat.ReasoningTruncatedKind)
        {
            _samples.AddTruncatedTrace();
            throw;
        }
        finally
        {
            _samples.Report.AddPassage(produced);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report()
    {
        var report = _samples.ToJson();
        report["long_context"] = _longContext.ToJson();
        return report;
    }

    /// <inheritdoc />
    public void Restore(Sample sample) => _samples.Restore(sample);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Rejection> Settle() => _samples.Settle();

    /// <inheritdoc />
    public JsonObject SettlementReport() => _samples.SettlementReport();
}
