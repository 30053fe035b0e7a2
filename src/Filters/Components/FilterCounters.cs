using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Components;

/// <summary>
/// What a filter did so far: items checked, kept, rejected (by reason), flagged in report mode (by reason), annotated,
/// rewritten, and edits by kind (e.g. redacted emails). Fed by <see cref="CountingFilter"/>; read at any time with
/// <see cref="ToJson"/> for progress, the run summary and the manifest. Thread-safe (lock-free counters).
/// </summary>
public sealed class FilterCounters
{
    private readonly ConcurrentDictionary<string, StrongBoxCounter> _rejectedByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBoxCounter> _flaggedByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBoxCounter> _editsByKind = new(StringComparer.Ordinal);
    private long _checked;
    private long _kept;
    private long _rejected;
    private long _flagged;
    private long _annotated;
    private long _rewritten;

    /// <summary>Items decided.</summary>
    public long Checked => Interlocked.Read(ref _checked);

    /// <summary>Items kept (flagged and rewritten ones included).</summary>
    public long Kept => Interlocked.Read(ref _kept);

    /// <summary>Items rejected.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Items kept that the filter would have rejected or rewritten (report mode).</summary>
    public long Flagged => Interlocked.Read(ref _flagged);

    /// <summary>Items given annotations.</summary>
    public long Annotated => Interlocked.Read(ref _annotated);

    /// <summary>Items with at least one rewritten text.</summary>
    public long Rewritten => Interlocked.Read(ref _rewritten);

    /// <summary>Rejections by reason code.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason => Snapshot(_rejectedByReason);

    /// <summary>Flags (report mode) by reason code.</summary>
    public IReadOnlyDictionary<string, long> FlaggedByReason => Snapshot(_flaggedByReason);

    /// <summary>Edits made by kind (e.g. <c>email</c> → 12 emails redacted).</summary>
    public IReadOnlyDictionary<string, long> EditsByKind => Snapshot(_editsByKind);

    /// <summary>Counts one decision.</summary>
    public void Record(FilterDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Interlocked.Increment(ref _checked);
        if (decision.IsRejected)
        {
            Interlocked.Increment(ref _rejected);
            Increment(_rejectedByReason, decision.Reason ?? "unspecified");
            return;
        }

        Interlocked.Increment(ref _kept);
        if (decision.Flagged)
        {
            Interlocked.Increment(ref _flagged);
            Increment(_flaggedByReason, decision.Reason ?? "unspecified");
        }

        if (decision.Annotations.Count > 0)
        {
            Interlocked.Increment(ref _annotated);
        }

        if (decision.Rewrites.Count > 0)
        {
            Interlocked.Increment(ref _rewritten);
            foreach (var rewrite in decision.Rewrites)
            {
                foreach (var edit in rewrite.Edits)
                {
                    Increment(_editsByKind, edit.Kind);
                }
            }
        }
    }

    /// <summary>
    /// The counters as JSON: <c>checked</c>, <c>kept</c>, <c>rejected</c>, <c>rejected_by_reason</c>, <c>flagged</c>,
    /// <c>flagged_by_reason</c>, <c>annotated</c>, <c>rewritten</c>, <c>redacted_by_kind</c> (keys in ordinal order).
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["checked"] = Checked,
        ["kept"] = Kept,
        ["rejected"] = Rejected,
        ["rejected_by_reason"] = Sorted(RejectedByReason),
        ["flagged"] = Flagged,
        ["flagged_by_reason"] = Sorted(FlaggedByReason),
        ["annotated"] = Annotated,
        ["rewritten"] = Rewritten,
        ["redacted_by_kind"] = Sorted(EditsByKind),
    };

    private static JsonObject Sorted(IReadOnlyDictionary<string, long> counts) =>
        new(counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private static void Increment(ConcurrentDictionary<string, StrongBoxCounter> counts, string key) =>
        counts.GetOrAdd(key, static _ => new StrongBoxCounter()).Increment();

    private static Dictionary<string, long> Snapshot(ConcurrentDictionary<string, StrongBoxCounter> counts) =>
        counts.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);

    private sealed class StrongBoxCounter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
