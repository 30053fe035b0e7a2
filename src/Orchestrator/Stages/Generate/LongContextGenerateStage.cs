using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
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
public sealed class LongContextGenerateStage : Stage<LongContext, Sample>
{
    private readonly ILongContextGenerator _generator;
    private readonly long _seed;
    private readonly NearDuplicateFilter? _dedup;
    private readonly GenerationReport _report = new("context");
    private readonly LongContextReport _longContext = new();

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Contexts generated from at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="seed">The run seed (each context derives its own).</param>
    /// <param name="dedup">The near-duplicate filter, or null for none.</param>
    public LongContextGenerateStage(string name, int concurrency, int capacity, ILongContextGenerator generator, long seed, NearDuplicateFilter? dedup)
        : base(name, concurrency, capacity)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _seed = seed;
        _dedup = dedup;
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
                var question = Question(sample);
                _report.AddSample(sample, question);
                _longContext.AddSample(sample);
                if (_dedup is not null && _dedup.Offer(question, sample.Id, out var duplicateOf) is var kind and not DuplicateKind.None)
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

    /// <summary>The question alone (<c>fields.question</c>), else the last line of the user turn.</summary>
    private static string Question(Sample sample) =>
        sample.Fields?.TryGetValue(LongContextFields.Question, out var field) == true && field.ValueKind == JsonValueKind.String
            ? field.GetString()!
            : sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content.Split('\n')[^1] ?? string.Empty;

    /// <inheritdoc />
    public override JsonObject Report()
    {
        var report = _report.ToJson(_dedup);
        report["long_context"] = _longContext.ToJson();
        return report;
    }
}
