using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Generators.Reporting;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// What every generate stage does with the samples its generator yields: counts them into the generation report and
/// removes near-duplicate questions with a <see cref="NearDuplicateIndex"/> (a sample with a smaller-keyed near-duplicate
/// already seen is rejected at once; the others are settled when the run completes, see <see cref="IRunLevelDecisions"/>).
/// The question is a sample's <c>fields.question</c> when it has one (long-context samples, whose user turn holds the
/// whole context), else its first user message. A reasoning teacher's traces are kept, written into the content or dropped
/// as the stage's <see cref="ReasoningMode"/> says (<see cref="SampleReasoning.Apply"/>) before anything else sees the sample.
/// Thread-safe.
/// </summary>
public sealed class GeneratedSamples
{
    private readonly string _stage;
    private readonly NearDuplicateIndex? _dedup;
    private readonly ReasoningMode _reasoning;
    private readonly ReasoningTemplate _reasoningTemplate;
    private DuplicateDecisions? _settled;
    private long _withTrace;
    private long _traceChars;
    private long _truncated;

    /// <summary>Creates the bookkeeping of the stage <paramref name="stage"/>; <paramref name="dedup"/> null means no near-duplicate removal.</summary>
    /// <param name="stage">The stage's display name (named in rejections).</param>
    /// <param name="dedup">The near-duplicate index, or null for none.</param>
    /// <param name="itemName">What the generator's input is called in the report.</param>
    /// <param name="reasoning">What becomes of reasoning traces (default: kept in the messages' reasoning field).</param>
    /// <param name="reasoningTemplate">How <see cref="ReasoningMode.Keep"/> writes a trace (default <see cref="ReasoningTemplate.Default"/>).</param>
    public GeneratedSamples(string stage, NearDuplicateIndex? dedup, string itemName = "passage",
        ReasoningMode reasoning = ReasoningMode.Separate, ReasoningTemplate? reasoningTemplate = null)
    {
        _stage = stage;
        _dedup = dedup;
        _reasoning = reasoning;
        _reasoningTemplate = reasoningTemplate ?? ReasoningTemplate.Default;
        Report = new GenerationReport(itemName);
    }

    /// <summary>The generation report.</summary>
    public GenerationReport Report { get; }

    /// <summary>The question a sample is deduplicated and reported by.</summary>
    public static string? QuestionOf(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Fields?.TryGetValue(LongContextFields.Question, out var field) == true && field.ValueKind == JsonValueKind.String
            ? field.GetString()
            : sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content;
    }

    /// <summary>Reports <paramref name="generated"/> (its traces handled first), then emits it, or rejects it when a smaller-keyed near-duplicate was seen (final).</summary>
    public async ValueTask OfferAsync(Sample generated, IStageOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(output);
        if (generated.Messages.Any(m => m.Reasoning is not null))
        {
            Interlocked.Increment(ref _withTrace);
            Interlocked.Add(ref _traceChars, generated.Messages.Sum(m => m.Reasoning?.Length ?? 0));
        }

        var sample = SampleReasoning.Apply(generated, _reasoning, _reasoningTemplate);
        var question = QuestionOf(sample);
        Report.AddSample(sample, question);
        if (_dedup is not null && question is not null && _dedup.Offer(sample.Id, question) is { IsDuplicate: true } duplicate)
        {
            await output.RejectAsync(sample, NearDuplicateRejections.Of(_stage, duplicate.DuplicateOf!, duplicate.Exact), cancellationToken).ConfigureAwait(false);
            return;
        }

        await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts a reply cut off inside its reasoning trace (failed as <c>reasoning_truncated</c>).</summary>
    public void AddTruncatedTrace() => Interlocked.Increment(ref _truncated);

    /// <summary>See <see cref="IRunLevelDecisions.Restore"/>.</summary>
    public void Restore(Sample sample)
    {
        if (_dedup is not null && QuestionOf(sample) is { } question)
        {
            _dedup.Offer(sample.Id, question);
        }
    }

    /// <summary>See <see cref="IRunLevelDecisions.Settle"/>.</summary>
    public IReadOnlyDictionary<string, Rejection> Settle()
    {
        if (_dedup is null)
        {
            return new Dictionary<string, Rejection>();
        }

        _settled = _dedup.Settle();
        return NearDuplicateRejections.Of(_stage, _settled);
    }

    /// <summary>See <see cref="IRunLevelDecisions.SettlementReport"/>.</summary>
    public JsonObject SettlementReport()
    {
        var report = new JsonObject
        {
            ["options"] = Core.Configuration.OptionsBinder.ToJson(_dedup?.Options ?? new NearDuplicateOptions()),
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

    /// <summary>The generation report with the near-duplicate figures.</summary>
    public JsonObject ToJson()
    {
        var report = Report.ToJson(_dedup is null ? null : SettlementReport());
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
}
