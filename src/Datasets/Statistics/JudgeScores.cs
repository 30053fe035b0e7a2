using System.Text.Json;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// Histograms of judge scores per rater (<c>judge/criterion</c>); invalid judgements are counted apart. Raters are
/// found by comparing the JSON values with the few known ones, so counting a judgement allocates nothing.
/// Not thread-safe.
/// </summary>
internal sealed class JudgeScores
{
    private const int MaxRaters = 200;
    private readonly List<Rater> _raters = [];

    public IEnumerable<string> Raters => _raters.Select(r => r.Name).Order(StringComparer.Ordinal);

    /// <summary>Counts by score (formatted as the card writes it), or null for an unknown rater.</summary>
    public IReadOnlyDictionary<string, long>? Scores(string rater) =>
        _raters.FirstOrDefault(r => r.Name == rater)?.Scores.GroupBy(kv => JsonFields.Score(kv.Key), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);

    public long Invalid(string rater) => _raters.FirstOrDefault(r => r.Name == rater)?.Invalid ?? 0;

    /// <summary>Adds the judgements of one sample.</summary>
    public void Add(JsonElement sample)
    {
        if (JsonFields.Array(sample, "judgements"u8) is not { } judgements)
        {
            return;
        }

        foreach (var judgement in judgements.EnumerateArray())
        {
            if (judgement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            // One walk of the judgement's properties (a lookup by name scans them once per field).
            JsonElement judge = default, criterion = default;
            double? score = null;
            var valid = true;
            foreach (var property in judgement.EnumerateObject())
            {
                var value = property.Value;
                switch (value.ValueKind)
                {
                    case JsonValueKind.String when property.NameEquals("judge"u8):
                        judge = value;
                        break;
                    case JsonValueKind.String when property.NameEquals("criterion"u8):
                        criterion = value;
                        break;
                    case JsonValueKind.Number when property.NameEquals("score"u8):
                        score = value.GetDouble();
                        break;
                    case JsonValueKind.False or JsonValueKind.True when property.NameEquals("valid"u8):
                        valid = value.ValueKind == JsonValueKind.True;
                        break;
                }
            }

            if (Find(judge, criterion) is not { } rater)
            {
                continue;
            }

            if (!valid || score is not { } known)
            {
                rater.Invalid++;
            }
            else if (rater.Scores.ContainsKey(known) || rater.Scores.Count < 1_000)
            {
                rater.Scores[known] = rater.Scores.GetValueOrDefault(known) + 1;
            }
        }
    }

    /// <summary>The rater of a judgement's <c>judge</c> and <c>criterion</c> strings (Undefined when absent or not strings).</summary>
    private Rater? Find(JsonElement judge, JsonElement criterion)
    {
        var hasJudge = judge.ValueKind == JsonValueKind.String;
        var hasCriterion = criterion.ValueKind == JsonValueKind.String;
        foreach (var rater in _raters)
        {
            if ((hasJudge ? judge.ValueEquals(rater.JudgeUtf8) : rater.Judge == "?") && (hasCriterion ? criterion.ValueEquals(rater.CriterionUtf8) : rater.Criterion == "?"))
            {
                return rater;
            }
        }

        if (_raters.Count >= MaxRaters)
        {
            return null;
        }

        var added = new Rater(hasJudge ? judge.GetString()! : "?", hasCriterion ? criterion.GetString()! : "?");
        _raters.Add(added);
        return added;
    }

    private sealed class Rater(string judge, string criterion)
    {
        public string Judge { get; } = judge;

        public string Criterion { get; } = criterion;

        public byte[] JudgeUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(judge);

        public byte[] CriterionUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(criterion);

        public string Name { get; } = $"{judge}/{criterion}";

        public Dictionary<double, long> Scores { get; } = [];

        public long Invalid { get; set; }
    }
}
