using System.Text.Json;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// What a run's three output files say about its stages: rejections per stage by rule (<c>rejection.by</c>), failures
/// per stage by kind, the passages and samples generated, near-duplicates, judge scores over every judged sample,
/// the verifiers and prompts recorded in verdicts and lineage. Derived from the files rather than from the manifest's
/// live counters, so a resumed run (whose counters cover its last session only) tallies exactly as an uninterrupted
/// one. Order-independent. Memory grows with the number of distinct passages (one 64-bit hash each); everything else
/// is bounded. Not thread-safe.
/// </summary>
public sealed class RunTally
{
    private readonly Dictionary<(string Stage, string By), (long Count, string Reason)> _rejections = [];
    private readonly Dictionary<(string Stage, string Kind), long> _failures = [];
    private readonly HashSet64 _passages = new();
    private readonly SortedSet<(string Name, string Version)> _verifiers = [];
    private readonly SortedSet<(string Stage, string Prompt, string Sha256)> _prompts = [];
    private readonly IReadOnlySet<string> _generateStages;
    private readonly List<(string Text, byte[] Utf8)> _strings = [];

    /// <summary>Creates an empty tally.</summary>
    /// <param name="generateStages">The names of the run's generation stages: a passage that failed in one of them counts as a passage that entered generation.</param>
    public RunTally(IReadOnlySet<string>? generateStages = null) => _generateStages = generateStages ?? new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Lines of <c>accepted.jsonl</c>.</summary>
    public long Accepted { get; private set; }

    /// <summary>Lines of <c>rejected.jsonl</c>.</summary>
    public long Rejected { get; private set; }

    /// <summary>Lines of <c>failed.jsonl</c>.</summary>
    public long Failed { get; private set; }

    /// <summary>Samples found in the three files (every generated sample ends in exactly one of them).</summary>
    public long SamplesGenerated { get; private set; }

    /// <summary>Samples rejected as near-duplicates.</summary>
    public long NearDuplicates { get; private set; }

    /// <summary>Distinct passages (document id + passage index) that produced a sample or failed in a generation stage.</summary>
    public long Passages => _passages.Count;

    internal JudgeScores Judges { get; } = new();

    internal IReadOnlyDictionary<(string Stage, string By), (long Count, string Reason)> Rejections => _rejections;

    internal IReadOnlyDictionary<(string Stage, string Kind), long> Failures => _failures;

    internal IReadOnlyCollection<(string Name, string Version)> Verifiers => _verifiers;

    internal IReadOnlyCollection<(string Stage, string Prompt, string Sha256)> Prompts => _prompts;

    /// <summary>Items rejected by <paramref name="stage"/>.</summary>
    public long RejectedBy(string stage) => _rejections.Where(kv => kv.Key.Stage == stage).Sum(kv => kv.Value.Count);

    /// <summary>Items that failed in <paramref name="stage"/>.</summary>
    public long FailedIn(string stage) => _failures.Where(kv => kv.Key.Stage == stage).Sum(kv => kv.Value);

    /// <summary>Adds a line of <c>accepted.jsonl</c>.</summary>
    public void AddAccepted(JsonElement line)
    {
        Accepted++;
        AddItem(line);
    }

    /// <summary>Adds a line of <c>rejected.jsonl</c>.</summary>
    public void AddRejected(JsonElement line)
    {
        Rejected++;
        var rejection = JsonFields.Object(line, "rejection"u8);
        var stage = rejection is { } r ? JsonFields.String(r, "stage"u8) ?? "?" : "?";
        var by = rejection is { } r2 ? JsonFields.String(r2, "by"u8) ?? string.Empty : string.Empty;
        var reason = rejection is { } r3 ? JsonFields.String(r3, "reason"u8) ?? string.Empty : string.Empty;
        var key = (stage, by);
        if (_rejections.TryGetValue(key, out var entry))
        {
            _rejections[key] = (entry.Count + 1, string.CompareOrdinal(reason, entry.Reason) < 0 ? reason : entry.Reason);
        }
        else if (_rejections.Count < 10_000)
        {
            _rejections[key] = (1, reason);
        }

        if (by == "near_duplicate")
        {
            NearDuplicates++;
        }

        AddItem(line);
    }

    /// <summary>Adds a line of <c>failed.jsonl</c>.</summary>
    public void AddFailed(JsonElement line)
    {
        Failed++;
        var key = (JsonFields.String(line, "stage"u8) ?? "?", JsonFields.String(line, "kind"u8) ?? "?");
        if (_failures.ContainsKey(key) || _failures.Count < 10_000)
        {
            _failures[key] = _failures.GetValueOrDefault(key) + 1;
        }

        if (JsonFields.Object(line, "record"u8) is not { } record)
        {
            return;
        }

        if (JsonFields.IsSample(record))
        {
            AddItem(record);
        }
        else if (JsonFields.String(record, "doc_id"u8) is { } docId && JsonFields.Integer(record, "index"u8) is { } index
            && _generateStages.Contains(key.Item1))
        {
            _passages.Add(PassageKey(Utf8Text.Hash(record.GetProperty("doc_id"u8)), index));
        }
    }

    private void AddItem(JsonElement item)
    {
        if (!JsonFields.IsSample(item))
        {
            return;
        }

        SamplesGenerated++;
        var source = item.GetProperty("source"u8);
        if (source.TryGetProperty("doc_id"u8, out var docId) && docId.ValueKind == JsonValueKind.String && JsonFields.Integer(source, "passage"u8) is { } passage)
        {
            _passages.Add(PassageKey(Utf8Text.Hash(docId), passage));
        }

        Judges.Add(item);
        if (JsonFields.Array(item, "verdicts"u8) is { } verdicts && _verifiers.Count < 1_000)
        {
            foreach (var verdict in verdicts.EnumerateArray())
            {
                _verifiers.Add((Text(verdict, "name"u8) ?? "?", Text(verdict, "version"u8) ?? string.Empty));
            }
        }

        if (JsonFields.Array(item, "lineage"u8) is { } lineage && _prompts.Count < 1_000)
        {
            foreach (var step in lineage.EnumerateArray())
            {
                if (Text(step, "prompt"u8) is { } prompt)
                {
                    _prompts.Add((Text(step, "stage"u8) ?? "?", prompt, Text(step, "prompt_sha256"u8) ?? string.Empty));
                }
            }
        }
    }

    /// <summary>A string field, as an equal string already seen when there is one (the same few names repeat on every line).</summary>
    private string? Text(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? Utf8Text.Intern(value, _strings)
            : null;

    private static ulong PassageKey(ulong docIdHash, long passage) => (docIdHash ^ (ulong)passage) * 0x9e3779b97f4a7c15UL;
}
