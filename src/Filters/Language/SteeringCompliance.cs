using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Records;

namespace MidTrain.Filters.Language;

/// <summary>
/// The "steering compliance" of a generation run: per requested language, the share of samples whose detected
/// language matches. Fed with (requested, detected) pairs or with <see cref="LanguageVerifier"/> verdicts; samples
/// that could not be checked (invalid verdicts) are counted apart and left out of the share. Thread-safe.
/// </summary>
public sealed class SteeringCompliance
{
    private readonly ConcurrentDictionary<string, Counts> _byLanguage = new(StringComparer.Ordinal);

    /// <summary>Records one checked sample.</summary>
    /// <param name="requested">The requested language (any form <see cref="LanguageIdentifier.Canonical"/> reads; kept as given when unknown).</param>
    /// <param name="detected">The detected language, or null when none could be detected (counted as a mismatch).</param>
    public void Record(string requested, string? detected)
    {
        ArgumentException.ThrowIfNullOrEmpty(requested);
        var key = LanguageIdentifier.Canonical(requested) ?? requested;
        var counts = _byLanguage.GetOrAdd(key, static _ => new Counts());
        Interlocked.Increment(ref counts.Checked);
        if (detected is not null && key == (LanguageIdentifier.Canonical(detected) ?? detected))
        {
            Interlocked.Increment(ref counts.Matched);
        }
    }

    /// <summary>
    /// Records a <see cref="LanguageVerifier"/> verdict: pass is a match, fail a mismatch, invalid an unchecked sample
    /// (under its requested language, or <c>unknown</c>). Verdicts of other verifiers are ignored.
    /// </summary>
    public void Record(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Name is { Length: > 0 } name && name != LanguageVerifier.VerifierName)
        {
            return;
        }

        var requested = verdict.Details is { ValueKind: JsonValueKind.Object } details && details.TryGetProperty("requested", out var r) && r.ValueKind == JsonValueKind.String
            ? r.GetString()!
            : "unknown";
        var counts = _byLanguage.GetOrAdd(requested, static _ => new Counts());
        switch (verdict.Outcome)
        {
            case VerdictOutcome.Pass:
                Interlocked.Increment(ref counts.Checked);
                Interlocked.Increment(ref counts.Matched);
                break;
            case VerdictOutcome.Fail:
                Interlocked.Increment(ref counts.Checked);
                break;
            default:
                Interlocked.Increment(ref counts.Unchecked);
                break;
        }
    }

    /// <summary>Per requested language: checked, matched, unchecked and share (matched / checked; null when none was checked).</summary>
    public IReadOnlyList<(string Language, long Checked, long Matched, long Unchecked, double? Share)> ByLanguage =>
        _byLanguage.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv =>
            {
                var @checked = Interlocked.Read(ref kv.Value.Checked);
                var matched = Interlocked.Read(ref kv.Value.Matched);
                return (kv.Key, @checked, matched, Interlocked.Read(ref kv.Value.Unchecked), @checked == 0 ? (double?)null : (double)matched / @checked);
            })
            .ToArray();

    /// <summary>
    /// <c>{"overall": {checked, matched, unchecked, share}, "by_language": {"fr": {…}, …}}</c>, languages in ordinal
    /// order, shares rounded to 4 decimals.
    /// </summary>
    public JsonObject ToJson()
    {
        var rows = ByLanguage;
        var byLanguage = new JsonObject();
        foreach (var row in rows)
        {
            byLanguage[row.Language] = Entry(row.Checked, row.Matched, row.Unchecked);
        }

        return new JsonObject
        {
            ["overall"] = Entry(rows.Sum(r => r.Checked), rows.Sum(r => r.Matched), rows.Sum(r => r.Unchecked)),
            ["by_language"] = byLanguage,
        };
    }

    private static JsonObject Entry(long @checked, long matched, long @unchecked) => new()
    {
        ["checked"] = @checked,
        ["matched"] = matched,
        ["unchecked"] = @unchecked,
        ["share"] = @checked == 0 ? null : Math.Round((double)matched / @checked, 4),
    };

    private sealed class Counts
    {
        public long Checked;
        public long Matched;
        public long Unchecked;
    }
}
