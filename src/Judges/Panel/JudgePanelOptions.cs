using MidTrain.Core.Configuration;

namespace MidTrain.Judges.Panel;

/// <summary>
/// Options of a <see cref="JudgePanel"/>, one property per pipeline-YAML key of a <c>judge:</c> stage. Validated once
/// when the panel is built (a <see cref="OptionsValidationException"/> names the key); the panel copies the values,
/// so changing the options afterwards has no effect on it.
/// </summary>
public sealed class JudgePanelOptions
{
    /// <summary>The aggregation (YAML <c>aggregate</c>: <c>all</c>, <c>mean</c>, <c>weighted</c>, <c>majority</c>); default <c>all</c>.</summary>
    public PanelAggregation Aggregate { get; set; } = PanelAggregation.All;

    /// <summary>
    /// The pass mark (YAML <c>min_score</c>, default 4): the threshold of every criterion without its own in
    /// <see cref="Thresholds"/> (<c>all</c>, <c>majority</c>), or of the (weighted) mean (<c>mean</c>, <c>weighted</c>).
    /// </summary>
    public double MinScore { get; set; } = 4;

    /// <summary>Per-criterion thresholds overriding <see cref="MinScore"/> (YAML <c>thresholds</c>); only for <c>all</c> and <c>majority</c>.</summary>
    public IDictionary<string, double> Thresholds { get; set; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Per-criterion weights, default 1 (YAML <c>weights</c>); only for <c>weighted</c>. Non-negative, with a positive sum.</summary>
    public IDictionary<string, double> Weights { get; set; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>What to do when a judgement is invalid (YAML <c>on_invalid</c>: <c>reject</c> or <c>fail</c>); default <c>reject</c>.</summary>
    public InvalidJudgementPolicy OnInvalid { get; set; } = InvalidJudgementPolicy.Reject;

    /// <summary>The YAML spellings of <see cref="PanelAggregation"/>.</summary>
    public static IReadOnlyList<string> AggregateNames { get; } = ["all", "mean", "weighted", "majority"];

    /// <summary>The YAML spellings of <see cref="InvalidJudgementPolicy"/>.</summary>
    public static IReadOnlyList<string> OnInvalidNames { get; } = ["reject", "fail"];

    /// <summary>Parses a YAML <c>aggregate</c> value.</summary>
    /// <exception cref="OptionsValidationException">Not one of <see cref="AggregateNames"/>.</exception>
    public static PanelAggregation ParseAggregate(string text) => text switch
    {
        "all" => PanelAggregation.All,
        "mean" => PanelAggregation.Mean,
        "weighted" => PanelAggregation.Weighted,
        "majority" => PanelAggregation.Majority,
        _ => throw new OptionsValidationException("aggregate", $"unknown aggregation '{text}' (use one of: {string.Join(", ", AggregateNames)})"),
    };

    /// <summary>Parses a YAML <c>on_invalid</c> value.</summary>
    /// <exception cref="OptionsValidationException">Not one of <see cref="OnInvalidNames"/>.</exception>
    public static InvalidJudgementPolicy ParseOnInvalid(string text) => text switch
    {
        "reject" => InvalidJudgementPolicy.Reject,
        "fail" => InvalidJudgementPolicy.Fail,
        _ => throw new OptionsValidationException("on_invalid", $"unknown policy '{text}' (use one of: {string.Join(", ", OnInvalidNames)})"),
    };

    /// <summary>Checks every value against the panel's <paramref name="criteria"/>.</summary>
    /// <exception cref="OptionsValidationException">A value is invalid; <see cref="OptionsValidationException.Key"/> is its YAML key.</exception>
    public void Validate(IReadOnlyCollection<string> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (!Enum.IsDefined(Aggregate))
        {
            throw new OptionsValidationException("aggregate", $"unknown aggregation {(int)Aggregate}");
        }

        if (!Enum.IsDefined(OnInvalid))
        {
            throw new OptionsValidationException("on_invalid", $"unknown policy {(int)OnInvalid}");
        }

        if (!double.IsFinite(MinScore))
        {
            throw new OptionsValidationException("min_score", $"must be a finite number, got {MinScore}");
        }

        var known = $"the panel's criteria are: {string.Join(", ", criteria)}";
        foreach (var (criterion, threshold) in Thresholds ?? new Dictionary<string, double>())
        {
            if (!criteria.Contains(criterion))
            {
                throw new OptionsValidationException("thresholds", $"'{criterion}' is not a criterion of this stage ({known})");
            }

            if (!double.IsFinite(threshold))
            {
                throw new OptionsValidationException("thresholds", $"'{criterion}': must be a finite number, got {threshold}");
            }
        }

        if (Thresholds?.Count > 0 && Aggregate is PanelAggregation.Mean or PanelAggregation.Weighted)
        {
            throw new OptionsValidationException("thresholds", $"per-criterion thresholds apply to aggregate 'all' and 'majority' only; '{AggregateNames[(int)Aggregate]}' compares its mean with min_score");
        }

        foreach (var (criterion, weight) in Weights ?? new Dictionary<string, double>())
        {
            if (!criteria.Contains(criterion))
            {
                throw new OptionsValidationException("weights", $"'{criterion}' is not a criterion of this stage ({known})");
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new OptionsValidationException("weights", $"'{criterion}': must be a non-negative number, got {weight}");
            }
        }

        if (Weights?.Count > 0 && Aggregate != PanelAggregation.Weighted)
        {
            throw new OptionsValidationException("weights", $"weights apply to aggregate 'weighted' only, not '{AggregateNames[(int)Aggregate]}'");
        }

        if (Aggregate == PanelAggregation.Weighted && criteria.Sum(c => Weights?.TryGetValue(c, out var w) == true ? w : 1.0) <= 0)
        {
            throw new OptionsValidationException("weights", "the weights of the panel's criteria sum to 0");
        }
    }
}
