using System.Text.Json.Nodes;
using MidTrain.Core.Hashing;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;

namespace MidTrain.Generators.Reporting;

/// <summary>
/// Figures of a generation stage for the run manifest: samples per input item (passage, or context for long-context
/// generation), the distribution over each steering attribute, distinct-1/distinct-2 of the generated questions
/// (distinct n-grams ÷ total n-grams), near-duplicate rate and parse-failure rate. Memory grows with the vocabulary of
/// the questions, not with their number. Thread-safe (one lock).
/// </summary>
/// <param name="item">What one input item is called in the figures' names (<c>passage</c> by default).</param>
public sealed class GenerationReport(string item = "passage")
{
    private static readonly HashSet<string> SkippedAttributes = new(StringComparer.Ordinal) { "task" };
    private readonly object _gate = new();
    private readonly Dictionary<int, long> _perPassage = [];
    private readonly Dictionary<string, Dictionary<string, long>> _axes = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _unigrams = [];
    private readonly HashSet<ulong> _bigrams = [];
    private long _unigramTotal;
    private long _bigramTotal;
    private long _passages;
    private long _samples;
    private long _parseFailures;
    private long _attempted;

    /// <summary>Records that a passage produced <paramref name="samples"/> samples.</summary>
    public void AddPassage(int samples)
    {
        lock (_gate)
        {
            _passages++;
            _perPassage[samples] = _perPassage.GetValueOrDefault(samples) + 1;
        }
    }

    /// <summary>Records one generated sample (its attributes and question: <paramref name="question"/>, else its first user turn).</summary>
    public void AddSample(Sample sample, string? question = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        question ??= sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content ?? string.Empty;
        var words = MinHasher.Normalise(question);
        lock (_gate)
        {
            _samples++;
            _attempted++;
            foreach (var (key, value) in sample.Attributes)
            {
                if (SkippedAttributes.Contains(key))
                {
                    continue;
                }

                if (!_axes.TryGetValue(key, out var counts))
                {
                    _axes[key] = counts = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                counts[value] = counts.GetValueOrDefault(value) + 1;
            }

            for (var i = 0; i < words.Length; i++)
            {
                _unigrams.Add(ContentHash.Fnv1a64(words[i]));
                _unigramTotal++;
                if (i + 1 < words.Length)
                {
                    _bigrams.Add(ContentHash.Fnv1a64(words[i] + "\u001f" + words[i + 1]));
                    _bigramTotal++;
                }
            }
        }
    }

    /// <summary>Records a generation that failed to parse after its retries.</summary>
    public void AddParseFailure()
    {
        lock (_gate)
        {
            _parseFailures++;
            _attempted++;
        }
    }

    /// <summary>The report as JSON; <paramref name="nearDuplicates"/> (the dedup figures) is added as <c>near_duplicates</c>.</summary>
    public JsonObject ToJson(JsonObject? nearDuplicates = null)
    {
        lock (_gate)
        {
            var perPassage = new JsonObject();
            foreach (var (count, passages) in _perPassage.OrderBy(kv => kv.Key))
            {
                perPassage[count.ToString(System.Globalization.CultureInfo.InvariantCulture)] = passages;
            }

            var axes = new JsonObject();
            foreach (var (axis, counts) in _axes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var node = new JsonObject();
                foreach (var (value, count) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    node[value] = count;
                }

                axes[axis] = node;
            }

            var report = new JsonObject
            {
                [item + "s"] = _passages,
                ["samples"] = _samples,
                ["samples_per_" + item] = _passages == 0 ? 0 : Math.Round((double)_samples / _passages, 4),
                ["samples_per_" + item + "_histogram"] = perPassage,
                ["attributes"] = axes,
                ["distinct_1"] = _unigramTotal == 0 ? 0 : Math.Round((double)_unigrams.Count / _unigramTotal, 4),
                ["distinct_2"] = _bigramTotal == 0 ? 0 : Math.Round((double)_bigrams.Count / _bigramTotal, 4),
                ["parse_failures"] = _parseFailures,
                ["parse_failure_rate"] = _attempted == 0 ? 0 : Math.Round((double)_parseFailures / _attempted, 4),
            };
            if (nearDuplicates is not null)
            {
                report["near_duplicates"] = nearDuplicates;
            }

            return report;
        }
    }
}
