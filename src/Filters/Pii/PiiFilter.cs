using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Core.Jsonl;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Pii;

/// <summary>
/// The <c>pii</c> filter: finds personal data with <see cref="PiiDetector"/> in the checked texts and either redacts it
/// (typed placeholders <c>&lt;EMAIL&gt;</c>, <c>&lt;PHONE&gt;</c>, <c>&lt;IP_ADDRESS&gt;</c>, <c>&lt;IBAN&gt;</c>,
/// <c>&lt;CREDIT_CARD&gt;</c>; each edit records the original span and kind) or rejects the item (reason <c>pii</c>,
/// details with counts by kind and spans). Details and edits never hold the personal data itself, so
/// <c>rejected.jsonl</c> and reports do not leak it. What the detector does not catch is listed on
/// <see cref="PiiDetector"/>. Thread-safe.
/// </summary>
public sealed class PiiFilter : SynchronousFilter
{
    /// <summary>The filter name.</summary>
    public const string FilterName = "pii";

    /// <summary>The filter version.</summary>
    public const string FilterVersion = "1.0.0";

    /// <summary>The reason code of a redaction or rejection.</summary>
    public const string Reason = "pii";

    private readonly PiiOptions _options;
    private readonly PiiDetector _detector;
    private readonly TextSelector _check;

    /// <summary>Creates the filter; <paramref name="options"/> are validated and copied.</summary>
    public PiiFilter(PiiOptions? options = null)
        : base(FilterName, FilterVersion)
    {
        _options = (options ?? new PiiOptions()).Clone();
        _options.Validate();
        RecordedParameters = OptionsBinder.ToJson(_options);
        _detector = new PiiDetector(_options.Kinds);
        _check = new TextSelector(_options.Check);
    }

    /// <inheritdoc />
    protected override object? Component => _detector;

    /// <inheritdoc />
    protected override FilterDecision Decide(FilterItem item, CancellationToken cancellationToken)
    {
        List<(FilterText Text, IReadOnlyList<PiiMatch> Matches)>? found = null;
        foreach (var text in _check.Select(item))
        {
            var matches = _detector.Find(text.Text);
            if (matches.Count > 0)
            {
                (found ??= []).Add((text, matches));
            }
        }

        if (found is null)
        {
            return FilterDecision.Keep;
        }

        var counts = found.SelectMany(f => f.Matches).GroupBy(m => m.Kind).OrderBy(g => g.Key).ToDictionary(g => PiiDetector.Name(g.Key), g => g.Count());
        var summary = string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}"));
        var details = new JsonObject
        {
            ["counts"] = new JsonObject(counts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["spans"] = new JsonArray(found.SelectMany(f => f.Matches.Select(m => (JsonNode)new JsonObject
            {
                ["text"] = f.Text.Name,
                ["kind"] = PiiDetector.Name(m.Kind),
                ["start"] = m.Start,
                ["end"] = m.End,
            })).ToArray()),
        };
        var detailsElement = JsonSerializer.SerializeToElement(details, JsonDefaults.Options);
        if (_options.Action == PiiAction.Reject)
        {
            return FilterDecision.Reject(Reason, $"contains personal data: {summary}", detailsElement);
        }

        var rewrites = found.Select(f => TextRewrite.Apply(
            f.Text.Name,
            f.Text.Text,
            f.Matches.Select(m => new TextEdit(m.Start, m.End, PiiDetector.Name(m.Kind), PiiDetector.Placeholder(m.Kind))).ToArray())).ToArray();
        return FilterDecision.Rewrite(rewrites, Reason, $"redacted {summary}", detailsElement);
    }
}
