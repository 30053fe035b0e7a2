using System.Text.Json.Nodes;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// What every <c>generate</c> stage does around its generator, whatever the input (<see cref="GenerateStage"/>:
/// passages, <see cref="LongContextGenerateStage"/>: long contexts): each input gets its own seed derived from the run
/// seed and the input's identity (<see cref="SeedKey"/>), its samples go through <see cref="GeneratedSamples"/>
/// (reasoning traces, report, near-duplicate removal settled when the run completes, see <see cref="IRunLevelDecisions"/>),
/// and an input whose generation ends in a parse failure or a truncated trace is counted before it fails. Thread-safe
/// when <see cref="Generate"/> is.
/// </summary>
/// <typeparam name="TInput">What the generator reads.</typeparam>
public abstract class GeneratingStage<TInput> : Stage<TInput, Sample>, IRunLevelDecisions
    where TInput : class
{
    private readonly long _seed;

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Inputs generated from at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="seed">The run seed (each input derives its own).</param>
    /// <param name="samples">The bookkeeping of the generated samples.</param>
    protected GeneratingStage(string name, int concurrency, int capacity, long seed, GeneratedSamples samples)
        : base(name, concurrency, capacity)
    {
        _seed = seed;
        Samples = samples ?? throw new ArgumentNullException(nameof(samples));
    }

    /// <summary>The bookkeeping of the generated samples (report, near-duplicates, traces).</summary>
    protected GeneratedSamples Samples { get; }

    /// <summary>What an input's seed is derived from (with the run seed): its identity, whatever the order of arrival.</summary>
    protected abstract string SeedKey(TInput payload);

    /// <summary>Streams the samples of one input, generated with <paramref name="seed"/>.</summary>
    protected abstract IAsyncEnumerable<Sample> Generate(TInput payload, long seed, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected sealed override async ValueTask ProcessAsync(TInput payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var seed = SeedDerivation.Derive(_seed, SeedKey(payload));
        var produced = 0;
        try
        {
            await foreach (var sample in Generate(payload, seed, cancellationToken).ConfigureAwait(false))
            {
                produced++;
                await Samples.OfferAsync(sample, output, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ItemFailureException ex) when (ex.Kind == "parse")
        {
            Samples.Report.AddParseFailure();
            throw;
        }
        catch (ItemFailureException ex) when (ex.Kind == Core.Structured.StructuredChat.ReasoningTruncatedKind)
        {
            Samples.AddTruncatedTrace();
            throw;
        }
        finally
        {
            Samples.Report.AddPassage(produced);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report() => Samples.ToJson();

    /// <inheritdoc />
    public void Restore(Sample sample) => Samples.Restore(sample);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Rejection> Settle() => Samples.Settle();

    /// <inheritdoc />
    public JsonObject SettlementReport() => Samples.SettlementReport();
}
