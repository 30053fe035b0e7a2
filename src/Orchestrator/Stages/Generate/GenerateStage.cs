using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Generators.Reporting;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// <c>generate: NAME</c>: passages → samples through an <see cref="IGenerator"/>, with near-duplicate removal of the
/// generated questions that does not depend on arrival order (<see cref="NearDuplicateIndex"/>: a sample with a smaller
/// near-duplicate already seen is rejected at once; the others are settled when the run completes, see
/// <see cref="IRunLevelDecisions"/>) and a generation report in the manifest. Each passage gets its own seed derived from the run seed and
/// the passage identity. A reasoning teacher's traces are handled as the stage's <see cref="ReasoningMode"/> says
/// (see <see cref="GeneratedSamples"/>). Thread-safe.
/// </summary>
public sealed class GenerateStage : Stage<Passage, Sample>, IRunLevelDecisions
{
    private readonly IGenerator _generator;
    private readonly long _seed;
    private readonly GeneratedSamples _samples;

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Passages generated at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="seed">The run seed (each passage derives its own).</param>
    /// <param name="dedup">The near-duplicate index, or null for none.</param>
    /// <param name="reasoning">What becomes of reasoning traces (default: kept in the messages' reasoning field).</param>
    /// <param name="reasoningTemplate">How <see cref="ReasoningMode.Keep"/> writes a trace.</param>
    public GenerateStage(string name, int concurrency, int capacity, IGenerator generator, long seed, NearDuplicateIndex? dedup,
        ReasoningMode reasoning = ReasoningMode.Separate, ReasoningTemplate? reasoningTemplate = null)
        : base(name, concurrency, capacity)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _seed = seed;
        _samples = new GeneratedSamples(name, dedup, reasoning: reasoning, reasoningTemplate: reasoningTemplate);
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Passage payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var seed = SeedDerivation.Derive(_seed, $"{payload.DocumentId}#{payload.Index.ToString(CultureInfo.InvariantCulture)}");
        var produced = 0;
        try
        {
            await foreach (var sample in _generator.GenerateAsync(payload, seed, cancellationToken).ConfigureAwait(false))
            {
                produced++;
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
    public override JsonObject Report() => _samples.ToJson();

    /// <inheritdoc />
    public void Restore(Sample sample) => _samples.Restore(sample);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Rejection> Settle() => _samples.Settle();

    /// <inheritdoc />
    public JsonObject SettlementReport() => _samples.SettlementReport();
}
