using System.Collections.Frozen;
using System.Text.Json;
using MidTrain.Core.Records;

namespace MidTrain.Filters.Contracts;

/// <summary>
/// A filter's answer for one item. One of: keep (<see cref="Keep"/>); keep with annotations (metadata to add, e.g.
/// <c>language = fr</c>; <see cref="Annotate"/>); keep with rewritten texts and the original spans of what was changed
/// (<see cref="Rewrite"/>); reject with a short stable <see cref="Reason"/> code, a human-readable
/// <see cref="Message"/> and structured <see cref="Details"/> (<see cref="Reject"/>). A kept item may carry a reason
/// too: a filter in <c>mode: report</c> keeps what it would have rejected or rewritten and sets <see cref="Flagged"/>.
/// Apply it to the record the item was made from with <see cref="ApplyTo(Document)"/> and its overloads. Immutable.
/// </summary>
public sealed record FilterDecision
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoAnnotations = FrozenDictionary<string, JsonElement>.Empty;

    /// <summary>Keep or reject.</summary>
    public required FilterAction Action { get; init; }

    /// <summary>A short stable code (snake_case) saying why the item was rejected, rewritten or flagged (e.g. <c>benchmark_overlap</c>), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>What happened, for people (one line), or null.</summary>
    public string? Message { get; init; }

    /// <summary>Structured details (for <c>rejected.jsonl</c> and reports), or null.</summary>
    public JsonElement? Details { get; init; }

    /// <summary>Metadata to add to the item (documents, passages) or attributes to set (samples: strings as they are, other values as JSON text).</summary>
    public IReadOnlyDictionary<string, JsonElement> Annotations { get; init; } = NoAnnotations;

    /// <summary>New contents of some of the item's texts, with the edits that produced them.</summary>
    public IReadOnlyList<TextRewrite> Rewrites { get; init; } = [];

    /// <summary>True when the item was kept although the filter (in <c>mode: report</c>) would have rejected or rewritten it.</summary>
    public bool Flagged { get; init; }

    /// <summary>Whether the item is rejected.</summary>
    public bool IsRejected => Action == FilterAction.Reject;

    /// <summary>The plain "keep" answer.</summary>
    public static FilterDecision Keep { get; } = new() { Action = FilterAction.Keep };

    /// <summary>Keep, adding <paramref name="annotations"/>.</summary>
    public static FilterDecision Annotate(IReadOnlyDictionary<string, JsonElement> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        return new FilterDecision { Action = FilterAction.Keep, Annotations = annotations };
    }

    /// <summary>Keep with <paramref name="rewrites"/>, saying why (<paramref name="reason"/>, e.g. <c>pii</c>).</summary>
    public static FilterDecision Rewrite(IReadOnlyList<TextRewrite> rewrites, string reason, string? message = null, JsonElement? details = null)
    {
        ArgumentNullException.ThrowIfNull(rewrites);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new FilterDecision { Action = FilterAction.Keep, Rewrites = rewrites, Reason = reason, Message = message, Details = details };
    }

    /// <summary>Reject for <paramref name="reason"/> (a short snake_case code), with a message and details.</summary>
    public static FilterDecision Reject(string reason, string message, JsonElement? details = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new FilterDecision { Action = FilterAction.Reject, Reason = reason, Message = message, Details = details };
    }

    /// <summary>
    /// <paramref name="document"/> with the annotations added to its metadata and its text rewritten (rewrites of
    /// <c>text</c>). Rejection is not applied here: the caller routes a rejected item.
    /// </summary>
    public Document ApplyTo(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ApplyTo(document, document.Text, document.Metadata, static (d, text, metadata) => d with { Text = text, Metadata = metadata });
    }

    /// <summary>
    /// <paramref name="passage"/> with the annotations added to its metadata and its text rewritten. A rewritten
    /// passage keeps its <see cref="Passage.Start"/>/<see cref="Passage.End"/>: they still name the span of the
    /// original document it was cut from, whose text it no longer equals.
    /// </summary>
    public Passage ApplyTo(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return ApplyTo(passage, passage.Text, passage.Metadata, static (p, text, metadata) => p with { Text = text, Metadata = metadata });
    }

    /// <summary>
    /// <paramref name="sample"/> with the annotations set as attributes (string values as they are, other values as
    /// their JSON text) and its messages rewritten (rewrites of <c>messages[i]</c>). The sample id is kept: the stage
    /// that applies a rewrite decides whether to re-derive it.
    /// </summary>
    public Sample ApplyTo(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var result = sample;
        if (Annotations.Count > 0)
        {
            var attributes = new Dictionary<string, string>(sample.Attributes, StringComparer.Ordinal);
            foreach (var (key, value) in Annotations)
            {
                attributes[key] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }

            result = result with { Attributes = attributes };
        }

        if (Rewrites.Count > 0)
        {
            var messages = sample.Messages.ToArray();
            var changed = false;
            for (var i = 0; i < messages.Length; i++)
            {
                if (RewrittenText(FilterText.MessageName(i)) is { } text)
                {
                    messages[i] = messages[i] with { Content = text };
                    changed = true;
                }
            }

            if (changed)
            {
                result = result with { Messages = messages };
            }
        }

        return result;
    }

    /// <summary>
    /// A record with one text and metadata (a document, a passage) with the rewrite of <c>text</c> and the annotations
    /// applied by <paramref name="with"/>; the record itself when neither changes anything.
    /// </summary>
    private T ApplyTo<T>(T record, string text, IReadOnlyDictionary<string, JsonElement>? metadata, Func<T, string, IReadOnlyDictionary<string, JsonElement>?, T> with)
    {
        var newText = RewrittenText(FilterText.DocumentText) ?? text;
        var newMetadata = Annotations.Count == 0 ? metadata : Merge(metadata);
        return ReferenceEquals(newText, text) && ReferenceEquals(newMetadata, metadata) ? record : with(record, newText, newMetadata);
    }

    private string? RewrittenText(string name)
    {
        foreach (var rewrite in Rewrites)
        {
            if (string.Equals(rewrite.Name, name, StringComparison.Ordinal))
            {
                return rewrite.Text;
            }
        }

        return null;
    }

    private Dictionary<string, JsonElement> Merge(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        var merged = metadata is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);
        foreach (var (key, value) in Annotations)
        {
            merged[key] = value;
        }

        return merged;
    }
}
