using System.Globalization;
using System.Text;
using System.Text.Json;
using MidTrain.Core.Hashing;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Preference;

/// <summary>
/// Builds preference pairs from judged samples that share a prompt (every message before the last assistant
/// message): the sample with the highest mean judge score is <c>chosen</c>, the one with the lowest <c>rejected</c>,
/// when their scores differ by at least the margin. Candidates are accepted and rejected samples alike (a sample a
/// judge rejected is a natural "rejected" answer); samples without a valid judgement are not candidates. The pipeline
/// has no pairwise-judge stage, so pairs come from these rubric scores. Memory: one entry per distinct prompt (its
/// hash and where its best and worst samples are); the pairs' lines are re-read from the files when written.
/// Not thread-safe.
/// </summary>
internal sealed class PreferencePairs : IDisposable
{
    private readonly double _minMargin;
    private readonly Dictionary<ulong, Entry> _byPrompt = [];
    private readonly SafeFileHandleCache _files = new();
    private long _candidates;

    public PreferencePairs(double minMargin) => _minMargin = minMargin;

    /// <summary>The number of messages before the last assistant message (the prompt), or -1 when there is no assistant message.</summary>
    public static int PromptLength(JsonElement sample)
    {
        var last = -1;
        var i = 0;
        foreach (var message in sample.GetProperty("messages").EnumerateArray())
        {
            if (JsonFields.String(message, "role"u8) == "assistant")
            {
                last = i;
            }

            i++;
        }

        return last;
    }

    /// <summary>Considers one sample line found at <paramref name="offset"/> (<paramref name="length"/> bytes) of <paramref name="file"/>.</summary>
    public void Add(JsonElement sample, string file, long offset, int length)
    {
        if (Score(sample) is not { } score)
        {
            return;
        }

        var prompt = PromptLength(sample);
        if (prompt <= 0)
        {
            return;
        }

        _candidates++;
        var key = PromptKey(sample, prompt);
        var location = new Location(file, offset, length, score);
        if (!_byPrompt.TryGetValue(key, out var entry))
        {
            _byPrompt[key] = new Entry(_byPrompt.Count, location, location);
            return;
        }

        if (score > entry.Best.Score)
        {
            entry = entry with { Best = location };
        }

        if (score < entry.Worst.Score)
        {
            entry = entry with { Worst = location };
        }

        _byPrompt[key] = entry;
    }

    /// <summary>The pairs' (chosen, rejected) lines, in the order their prompts first appeared.</summary>
    public IEnumerable<(byte[] Chosen, byte[] Rejected)> Pairs()
    {
        foreach (var entry in _byPrompt.Values.OrderBy(e => e.Order))
        {
            if (entry.Best.Score - entry.Worst.Score >= _minMargin && entry.Best != entry.Worst)
            {
                yield return (Read(entry.Best), Read(entry.Worst));
            }
        }
    }

    /// <summary>A sentence for the card: where the pairs came from.</summary>
    public string Describe(long written) => string.Create(CultureInfo.InvariantCulture,
        $"Pairs: {written:N0}, from {_candidates:N0} judged samples (accepted and rejected) with {_byPrompt.Count:N0} distinct prompts; for each prompt the sample with the highest mean judge score is `chosen` and the lowest `rejected`, when they differ by at least {_minMargin} (--min-margin). --where applies to both answers, --min-score to the chosen one.");

    public void Dispose() => _files.Dispose();

    private byte[] Read(Location location) => RunFileReader.ReadAt(_files, location.File, location.Offset, location.Length);

    /// <summary>The mean of the sample's valid judge scores, or null when it has none.</summary>
    private static double? Score(JsonElement sample)
    {
        if (JsonFields.Array(sample, "judgements"u8) is not { } judgements)
        {
            return null;
        }

        double sum = 0;
        var n = 0;
        foreach (var judgement in judgements.EnumerateArray())
        {
            if (JsonFields.Boolean(judgement, "valid"u8) != false && JsonFields.Number(judgement, "score"u8) is { } score)
            {
                sum += score;
                n++;
            }
        }

        return n == 0 ? null : sum / n;
    }

    private static ulong PromptKey(JsonElement sample, int promptLength)
    {
        var text = new StringBuilder();
        var i = 0;
        foreach (var message in sample.GetProperty("messages").EnumerateArray())
        {
            if (i++ >= promptLength)
            {
                break;
            }

            text.Append(JsonFields.String(message, "role"u8)).Append('\u001e').Append(JsonFields.String(message, "content"u8)).Append('\u001f');
        }

        return ContentHash.Fnv1a64(text.ToString());
    }

    private sealed record Location(string File, long Offset, int Length, double Score);

    private sealed record Entry(long Order, Location Best, Location Worst);
}
