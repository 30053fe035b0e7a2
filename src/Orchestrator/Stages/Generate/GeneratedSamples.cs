using System.Text.Json;
using System.Text.Json.Nodes;
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
/// whole context), else its first user message. Thread-safe.
/// </summary>
public sealed class GeneratedSamples
{
    private readonly string _stage;
    private readonly NearDuplicateIndex? _dedup;
    private DuplicateDecisions? _settled;

    /// <summary>Creates the bookkeeping of the stage <paramref name="stage"/>; <paramref name="dedup"/> null means no near-duplicate removal.</summary>
    public GeneratedSamples(string stage, NearDuplicateIndex? dedup, string itemName = "passage")
    {
        _stage = stage;
        _dedup = dedup;
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

    /// <summary>Reports <paramref name="sample"/>, then emits it, or rejects it when a smaller-keyed near-duplicate was seen (final).</summary>
    public async ValueTask OfferAsync(Sample sample, IStageOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var question = QuestionOf(sample);
        Report.AddSample(sample, question);
        if (_dedup is not null && question is not null && _dedup.Offer(sample.Id, question) is { IsDuplicate: true } duplicate)
        {
            await output.RejectAsync(sample, NearDuplicateRejections.Of(_stage, duplicate.DuplicateOf!, duplicate.Exact), cancellationToken).ConfigureAwait(false);
            return;
        }

        await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
    }

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
    public JsonObject ToJson() => Report.ToJson(_dedup is null ? null : SettlementReport());
}
