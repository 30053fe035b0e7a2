using System.Text.Json;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Statistics;

/// <summary>Histograms of judge scores per rater (<c>judge/criterion</c>); invalid judgements are counted apart. Not thread-safe.</summary>
internal sealed class JudgeScores
{
    private readonly SortedDictionary<string, ValueCounts> _byRater = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _invalid = new(StringComparer.Ordinal);

    public IEnumerable<string> Raters => _byRater.Keys.Concat(_invalid.Keys).Distinct().Order(StringComparer.Ordinal);

    public ValueCounts? Scores(string rater) => _byRater.GetValueOrDefault(rater);

    public long Invalid(string rater) => _invalid.GetValueOrDefault(rater);

    /// <summary>Adds the judgements of one sample.</summary>
    public void Add(JsonElement sample)
    {
        if (JsonFields.Array(sample, "judgements") is not { } judgements)
        {
            return;
        }

        foreach (var judgement in judgements.EnumerateArray())
        {
            var rater = $"{JsonFields.String(judgement, "judge") ?? "?"}/{JsonFields.String(judgement, "criterion") ?? "?"}";
            var score = JsonFields.Number(judgement, "score");
            if (JsonFields.Boolean(judgement, "valid") == false || score is null)
            {
                _invalid[rater] = _invalid.GetValueOrDefault(rater) + 1;
                continue;
            }

            if (!_byRater.TryGetValue(rater, out var counts))
            {
                if (_byRater.Count >= 200)
                {
                    continue;
                }

                _byRater[rater] = counts = new ValueCounts(1_000);
            }

            counts.Add(JsonFields.Score(score.Value));
        }
    }
}
