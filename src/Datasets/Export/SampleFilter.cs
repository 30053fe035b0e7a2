using System.Text.Json;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Export;

/// <summary>The export filters <c>--where</c> and <c>--min-score</c> applied to one sample line. Immutable and thread-safe.</summary>
internal sealed class SampleFilter
{
    private readonly IReadOnlyList<IGrouping<string, AttributeCondition>> _where;
    private readonly IReadOnlyList<ScoreThreshold> _minScores;

    public SampleFilter(IEnumerable<AttributeCondition> where, IEnumerable<ScoreThreshold> minScores)
    {
        _where = where.GroupBy(w => w.Attribute, StringComparer.Ordinal).ToArray();
        _minScores = minScores.ToArray();
    }

    public bool IsEmpty => _where.Count == 0 && _minScores.Count == 0;

    public bool MatchesAttributes(JsonElement sample)
    {
        if (_where.Count == 0)
        {
            return true;
        }

        var attributes = JsonFields.Object(sample, "attributes"u8);
        foreach (var condition in _where)
        {
            var value = attributes is { } a && a.TryGetProperty(condition.Key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (value is null || !condition.Any(c => c.Value == value))
            {
                return false;
            }
        }

        return true;
    }

    public bool MatchesScores(JsonElement sample)
    {
        if (_minScores.Count == 0)
        {
            return true;
        }

        var judgements = JsonFields.Array(sample, "judgements"u8);
        foreach (var threshold in _minScores)
        {
            var seen = false;
            if (judgements is { } list)
            {
                foreach (var judgement in list.EnumerateArray())
                {
                    if (JsonFields.String(judgement, "criterion"u8) != threshold.Criterion || JsonFields.Boolean(judgement, "valid"u8) == false || JsonFields.Number(judgement, "score"u8) is not { } score)
                    {
                        continue;
                    }

                    if (score < threshold.Minimum)
                    {
                        return false;
                    }

                    seen = true;
                }
            }

            if (!seen)
            {
                return false;
            }
        }

        return true;
    }

    public bool Matches(JsonElement sample) => MatchesAttributes(sample) && MatchesScores(sample);
}
