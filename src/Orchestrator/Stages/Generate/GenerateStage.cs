using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Generators.Reporting;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// <c>generate: NAME</c>: passages → samples through an <see cref="IGenerator"/>,
/// with near-duplicate filtering of the generated questions (duplicates go to rejected.jsonl naming the sample they
/// duplicate) and a generation report in the manifest. Each passage gets its own seed derived from the run seed and
/// the passage identity. Thread-safe.
/// </summary>
public sealed class GenerateStage : Stage<Passage, Sample>
{
    private readonly IGenerator _generator;
    private readonly long _seed;
    private readonly NearDuplicateFilter? _dedup;
    private readonly GenerationReport _report = new();

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Passages generated at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="seed">The run seed (each passage derives its own).</param>
    /// <param name="dedup">The near-duplicate filter, or null for none.</param>
    public GenerateStage(string name, int concurrency, int capacity, IGenerator generator, long seed, NearDuplicateFilter? dedup)
        : base(name, concurrency, capacity)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _seed = seed;
        _dedup = dedup;
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
                _report.AddSample(sample);
                var question = sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content;
                if (_dedup is not null && question is not null && _dedup.Offer(question, sample.Id, out var duplicateOf) is var kind and not DuplicateKind.None)
                {
                    await output.RejectAsync(sample, new Rejection
                    {
                        Stage = Name,
                        By = "near_duplicate",
                        Reason = kind == DuplicateKind.Exact ? $"exact duplicate of sample {duplicateOf}" : $"near-duplicate of sample {duplicateOf} (word-shingle Jaccard ≥ threshold)",
                    }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ItemFailureException ex) when (ex.Kind == "parse")
        {
            _report.AddParseFailure();
            throw;
        }
        finally
        {
            _report.AddPassage(produced);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report() => _report.ToJson(_dedup);
}
