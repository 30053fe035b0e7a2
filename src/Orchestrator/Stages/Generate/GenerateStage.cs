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
/// the passage identity. A reasoning teacher's traces are kept, written into the content or dropped as the stage's
/// <see cref="ReasoningMode"/> says (<see cref="SampleReasoning.Apply"/>). Thread-safe.
/// </summary>
public sealed class GenerateStage : Stage<Passage, Sample>, IRunLevelDecisions
{
    private readonly IGenerator _generator;
    private readonly long _seed;
    private readonly NearDuplicateIndex? _dedup;
    private readonly GenerationReport _report = new();
    private readonly ReasoningMode _reasoning;
    private readonly ReasoningTemplate _reasoningTemplate;
    private long _withTrace;
    private long _traceChars;
    private long _truncated;
    private DuplicateDecisions? _settled;

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Passages generated at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="seed">The run seed (each passage derives its own).</param>
    /// <param name="dedup">The near-duplicate index, or null for none.</param>
    /// <param name="reasoning">What becomes of reasoning traces (default: kept in the messages' reasoning field).</param>
    /// <param name="reasoningTemplate">How <see cref="ReasoningMode.Keep"/> writes a trace (default <see cref="ReasoningTemplate.Default"/>).</param>
    public GenerateStage(string name, int concurrency, int capacity, IGenerator generator, long seed, NearDuplicateIndex? dedup,
        ReasoningMode reasoning = ReasoningMode.Separate, ReasoningTemplate? reasoningTemplate = null)
        : base(name, concurrency, capacity)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _seed = seed;
        _dedup = dedup;
        _reasoning = reasoning;
        _reasoningTemplate = reasoningTemplate ?? ReasoningTemplate.Default;
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Passage payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var seed = SeedDerivation.Derive(_seed, $"{payload.DocumentId}#{payload.Index.ToString(CultureInfo.InvariantCulture)}");
        var produced = 0;
        try
        {
            await foreach (var generated in _generator.GenerateAsync(payload, seed, cancellationToken).ConfigureAwait(false))
            {
                produced++;
                var traceChars = generated.Messages.Sum(m => m.Reasoning?.Length ?? 0);
                if (generated.Messages.Any(m => m.Reasoning is not null))
                {
                    Interlocked.Increment(ref _withTrace);
                    Interlocked.Add(ref _traceChars, traceChars);
                }

                var sample = SampleReasoning.Apply(generated, _reasoning, _reasoningTemplate);
                _report.AddSample(sample);
                if (_dedup is not null && QuestionOf(sample) is { } question && _dedup.Offer(sample.Id, question) is { IsDuplicate: true } duplicate)
                {
                    // Final: a near-duplicate with a smaller canonical key exists, so this sample can never be kept.
                    await output.RejectAsync(sample, NearDuplicateRejections.Of(Name, duplicate.DuplicateOf!, duplicate.Exact), cancellationToken).ConfigureAwait(false);
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
        catch (ItemFailureException ex) when (ex.Kind == Core.Structured.StructuredChat.ReasoningTruncatedKind)
        {
            Interlocked.Increment(ref _truncated);
            throw;
        }
        finally
        {
            _report.AddPassage(produced);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report()
    {
        var report = _report.ToJson(_dedup is null ? null : SettlementReport());
        var withTrace = Interlocked.Read(ref _withTrace);
        report["reasoning"] = new JsonObject
        {
            ["mode"] = _reasoning.ToString().ToLowerInvariant(),
            ["samples_with_trace"] = withTrace,
            ["mean_trace_chars"] = withTrace == 0 ? 0 : Math.Round((double)Interlocked.Read(ref _traceChars) / withTrace, 1),
            ["truncated"] = Interlocked.Read(ref _truncated),
        };
        return report;
    }

    /// <inheritdoc />
    public void Restore(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (_dedup is not null && QuestionOf(sample) is { } question)
        {
            _dedup.Offer(sample.Id, question);
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Rejection> Settle()
    {
        if (_dedup is null)
        {
            return new Dictionary<string, Rejection>();
        }

        _settled = _dedup.Settle();
        return NearDuplicateRejections.Of(Name, _settled);
    }

    /// <inheritdoc />
    public JsonObject SettlementReport()
    {
        var options = _dedup?.Options ?? new NearDuplicateOptions();
        var report = new JsonObject
        {
            ["options"] = Core.Configuration.OptionsBinder.ToJson(options),
            ["texts"] = _dedup?.Count ?? 0,
            ["rejected_at_generation"] = _dedup?.RejectedAtOnce ?? 0,
        };
        if (_settled is { } settled)
        {
            report["clusters"] = settled.Clusters;
            report["rejected"] = settled.Losers.Count;
            report["duplicate_rate"] = settled.Texts == 0 ? 0 : Math.Round((double)settled.Losers.Count / settled.Texts, 4);
        }

        return report;
    }

    private static string? QuestionOf(Sample sample) => sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content;
}
