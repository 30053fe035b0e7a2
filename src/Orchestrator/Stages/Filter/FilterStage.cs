using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Components;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Filter;

/// <summary>
/// <c>filter: NAME</c>: runs a hygiene filter on each document, passage or sample. A kept item goes on with the filter's
/// annotations (metadata, or sample attributes) and rewrites (redactions) applied; a rejected one goes to rejected.jsonl
/// with the filter's reason, message and details. Samples get a lineage entry naming the filter, its version and
/// parameters; the manifest holds the same and the filter's counters. Thread-safe (the filter is shared).
/// </summary>
public sealed class FilterStage : Stage
{
    private readonly IFilter _filter;
    private readonly bool _lineage;
    private readonly JsonElement _parameters;

    /// <summary>Creates the stage; it disposes <paramref name="filter"/> when it is disposed.</summary>
    public FilterStage(string name, int concurrency, int capacity, IFilter filter, bool lineage = true)
        : base(name, concurrency, capacity)
    {
        _filter = filter ?? throw new ArgumentNullException(nameof(filter));
        _lineage = lineage;
        _parameters = JsonSerializer.SerializeToElement(filter.Parameters, JsonDefaults.Options);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var item = payload switch
        {
            Document document => FilterItem.FromDocument(document),
            Passage passage => FilterItem.FromPassage(passage),
            Sample sample => FilterItem.FromSample(sample),
            _ => throw new InvalidOperationException($"stage '{Name}' filters documents, passages and samples, not {payload.GetType().Name}"),
        };
        var decision = await _filter.FilterAsync(item, cancellationToken).ConfigureAwait(false);
        if (decision.IsRejected)
        {
            // A rejected item keeps the filter's annotations (e.g. its quality score) as evidence on its line.
            var annotated = decision.Annotations.Count == 0 ? payload : Apply(decision with { Rewrites = [] }, payload, started);
            await output.RejectAsync(annotated, new Rejection
            {
                Stage = Name,
                By = _filter.Name,
                Reason = decision.Message is { } message ? $"{decision.Reason}: {message}" : decision.Reason ?? _filter.Name,
                Evidence = decision.Details,
            }, cancellationToken).ConfigureAwait(false);
            return;
        }

        await output.EmitAsync(Apply(decision, payload, started), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override JsonObject Report() => FilterDescription.Of(_filter);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await ComponentLifetime.DisposeAsync(_filter).ConfigureAwait(false);

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private object Apply(FilterDecision decision, object payload, long started) => payload switch
    {
        Document document => decision.ApplyTo(document),
        Passage passage => decision.ApplyTo(passage),
        Sample sample => WithLineage(decision.ApplyTo(sample), started),
        _ => payload,
    };

    private Sample WithLineage(Sample sample, long started) => !_lineage ? sample : sample.WithLineage(new LineageEntry
    {
        Stage = Name,
        Component = $"{_filter.Name}@{_filter.Version}",
        Parameters = _parameters,
        DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
    });
}
