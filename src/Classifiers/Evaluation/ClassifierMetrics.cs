using System.Text.Json.Nodes;
using MidTrain.Judges.Agreement;

namespace MidTrain.Classifiers.Evaluation;

/// <summary>
/// How well a classifier's scores match the judge's on held-out items: regression figures (RMSE, MAE, Pearson,
/// Spearman), the binary keep/reject decision at <see cref="Threshold"/> (precision, recall, F1, accuracy, Cohen's κ),
/// and the full <c>midtrain agreement</c> reports with the classifier as one more rater — on the binary decision and on
/// the scores rounded to the scale. A statistic that is undefined (e.g. a constant rater) is null. Immutable.
/// </summary>
public sealed record ClassifierMetrics
{
    /// <summary>Items evaluated.</summary>
    public required int N { get; init; }

    /// <summary>Root mean squared error of the (clamped) scores against the judge's.</summary>
    public required double Rmse { get; init; }

    /// <summary>Mean absolute error.</summary>
    public required double Mae { get; init; }

    /// <summary>Pearson's r between scores and judge scores.</summary>
    public double? Pearson { get; init; }

    /// <summary>Spearman's ρ between scores and judge scores.</summary>
    public double? Spearman { get; init; }

    /// <summary>The keep threshold of the binary figures (score ≥ threshold keeps).</summary>
    public required double Threshold { get; init; }

    /// <summary>Items the judge keeps and the classifier keeps.</summary>
    public int TruePositives { get; init; }

    /// <summary>Items the classifier keeps and the judge rejects.</summary>
    public int FalsePositives { get; init; }

    /// <summary>Items the judge keeps and the classifier rejects.</summary>
    public int FalseNegatives { get; init; }

    /// <summary>Items both reject.</summary>
    public int TrueNegatives { get; init; }

    /// <summary>Of the kept items, the share the judge keeps.</summary>
    public double? Precision { get; init; }

    /// <summary>Of the items the judge keeps, the share the classifier keeps.</summary>
    public double? Recall { get; init; }

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double? F1 { get; init; }

    /// <summary>Share of items where the decisions agree.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Cohen's κ of the binary decisions (from <see cref="BinaryAgreement"/>).</summary>
    public double? CohenKappa { get; init; }

    /// <summary>The <c>midtrain agreement</c> report on the binary decisions (raters <c>judge</c> and <c>classifier</c>, gold = judge).</summary>
    public AgreementReport? BinaryAgreement { get; init; }

    /// <summary>The <c>midtrain agreement</c> report on the scores rounded to the nearest point of the scale.</summary>
    public AgreementReport? ScoreAgreement { get; init; }

    /// <summary>The metrics as a JSON object (snake_case; nulls written).</summary>
    public JsonObject ToJson() => new()
    {
        ["n"] = N,
        ["rmse"] = Rmse,
        ["mae"] = Mae,
        ["pearson"] = Pearson,
        ["spearman"] = Spearman,
        ["threshold"] = Threshold,
        ["binary"] = new JsonObject
        {
            ["true_positives"] = TruePositives,
            ["false_positives"] = FalsePositives,
            ["false_negatives"] = FalseNegatives,
            ["true_negatives"] = TrueNegatives,
            ["precision"] = Precision,
            ["recall"] = Recall,
            ["f1"] = F1,
            ["accuracy"] = Accuracy,
            ["cohen_kappa"] = CohenKappa,
        },
        ["agreement_binary"] = BinaryAgreement is null ? null : JsonNode.Parse(BinaryAgreement.ToJson()),
        ["agreement_scores"] = ScoreAgreement is null ? null : JsonNode.Parse(ScoreAgreement.ToJson()),
    };
}
