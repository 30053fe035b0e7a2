using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;

namespace MidTrain.Classifiers.Labels;

/// <summary>
/// The judge scores of one criterion, per item, read from a labels file in the agreement format
/// (<c>{"item", "rater", "label"}</c>, e.g. a run's <c>judgements.jsonl</c>). A rater counts when it is the criterion
/// itself or ends in <c>/criterion</c> (<c>judge/educational_value</c>), or equals the rater asked for; an item judged
/// by several such raters (a panel) gets their mean. Non-numeric labels and malformed lines are counted and skipped.
/// When the file sits in a run directory, the judge models' fingerprints are read from its <c>manifest.json</c>.
/// Immutable once read.
/// </summary>
public sealed class JudgeLabelSet
{
    private JudgeLabelSet(IReadOnlyDictionary<string, double> scores, IReadOnlyList<string> raters, IReadOnlyDictionary<string, string> judgeModels, long lines, long skipped, string sha256)
    {
        Scores = scores;
        Raters = raters;
        JudgeModels = judgeModels;
        Lines = lines;
        Skipped = skipped;
        Sha256 = sha256;
    }

    /// <summary>The (mean) score of each labelled item.</summary>
    public IReadOnlyDictionary<string, double> Scores { get; }

    /// <summary>The raters whose labels were used, in ordinal order.</summary>
    public IReadOnlyList<string> Raters { get; }

    /// <summary>Fingerprints of the judge models (model name → fingerprint) from the run manifest beside the file; empty when none.</summary>
    public IReadOnlyDictionary<string, string> JudgeModels { get; }

    /// <summary>Lines read.</summary>
    public long Lines { get; }

    /// <summary>Lines of a matching rater that were skipped (not JSON, no item, label not a number).</summary>
    public long Skipped { get; }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; }

    /// <summary>Reads the labels of <paramref name="criterion"/> (or of exactly <paramref name="rater"/>) from <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static JudgeLabelSet Read(string path, string criterion, string? rater = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(criterion);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"labels file not found: {path}", path);
        }

        string sha256;
        using (var stream = File.OpenRead(path))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var raters = new SortedSet<string>(StringComparer.Ordinal);
        long lines = 0, skipped = 0;
        var suffix = "/" + criterion;
        using (var reader = JsonlLineReader.Open(path))
        {
            while (reader.TryRead(out var line))
            {
                lines++;
                if (line.Error is not null)
                {
                    skipped++;
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(line.Bytes);
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object
                        || !root.TryGetProperty("rater", out var raterElement) || raterElement.ValueKind != JsonValueKind.String)
                    {
                        skipped++;
                        continue;
                    }

                    var name = raterElement.GetString()!;
                    var matches = rater is not null ? name == rater : name == criterion || name.EndsWith(suffix, StringComparison.Ordinal);
                    if (!matches)
                    {
                        continue;
                    }

                    if (!root.TryGetProperty("item", out var item) || item.ValueKind != JsonValueKind.String
                        || !root.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.Number
                        || !label.TryGetDouble(out var value) || !double.IsFinite(value))
                    {
                        skipped++;
                        continue;
                    }

                    raters.Add(name);
                    var key = item.GetString()!;
                    var (sum, count) = sums.GetValueOrDefault(key);
                    sums[key] = (sum + value, count + 1);
                }
                catch (JsonException)
                {
                    skipped++;
                }
            }
        }

        var scores = sums.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count, StringComparer.Ordinal);
        return new JudgeLabelSet(scores, raters.ToArray(), JudgeModelsOf(path, raters), lines, skipped, sha256);
    }

    private static Dictionary<string, string> JudgeModelsOf(string labelsPath, IEnumerable<string> raters)
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        var manifestPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(labelsPath)) ?? ".", "manifest.json");
        if (!File.Exists(manifestPath))
        {
            return models;
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(manifestPath))?["models"] is not JsonObject known)
            {
                return models;
            }

            foreach (var rater in raters)
            {
                var slash = rater.IndexOf('/', StringComparison.Ordinal);
                var model = slash > 0 ? rater[..slash] : rater;
                if (known[model]?["fingerprint"]?.GetValue<string>() is { } fingerprint)
                {
                    models[model] = fingerprint;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // A manifest we cannot read only costs provenance detail, not the labels.
        }

        return models;
    }
}
