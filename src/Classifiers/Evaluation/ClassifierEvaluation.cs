using MidTrain.Judges.Agreement;

namespace MidTrain.Classifiers.Evaluation;

/// <summary>
/// Computes <see cref="ClassifierMetrics"/> from judge scores and classifier scores of the same items, reusing the
/// agreement statistics of <c>midtrain agreement</c> (<see cref="AgreementAnalyzer"/>, <see cref="Correlation"/>).
/// Deterministic (seeded bootstrap); stateless and thread-safe.
/// </summary>
public static class ClassifierEvaluation
{
    /// <summary>The judge's rater id in the agreement reports.</summary>
    public const string JudgeRater = "judge";

    /// <summary>The classifier's rater id in the agreement reports.</summary>
    public const string ClassifierRater = "classifier";

    /// <summary>Evaluates <paramref name="scores"/> against <paramref name="labels"/> (same order as <paramref name="items"/>).</summary>
    /// <param name="items">Item ids.</param>
    /// <param name="labels">The judge's scores.</param>
    /// <param name="scores">The classifier's (clamped) scores.</param>
    /// <param name="threshold">Score ≥ threshold keeps.</param>
    /// <param name="bootstrap">Bootstrap resamples for the κ intervals (0: none).</param>
    /// <param name="seed">Bootstrap seed.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    public static ClassifierMetrics Evaluate(IReadOnlyList<string> items, IReadOnlyList<double> labels, IReadOnlyList<double> scores, double threshold, int bootstrap = 200, long seed = 42, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (items.Count != labels.Count || items.Count != scores.Count)
        {
            throw new ArgumentException("items, labels and scores must have the same length");
        }

        var n = items.Count;
        double squared = 0, absolute = 0;
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var binary = new LabelMatrixBuilder();
        var rounded = new LabelMatrixBuilder();
        for (var i = 0; i < n; i++)
        {
            var error = scores[i] - labels[i];
            squared += error * error;
            absolute += Math.Abs(error);
            var judgeKeeps = labels[i] >= threshold;
            var classifierKeeps = scores[i] >= threshold;
            (tp, fp, fn, tn) = (judgeKeeps, classifierKeeps) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (false, true) => (tp, fp + 1, fn, tn),
                (true, false) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
            binary.Add(items[i], JudgeRater, judgeKeeps ? 1 : 0);
            binary.Add(items[i], ClassifierRater, classifierKeeps ? 1 : 0);
            rounded.Add(items[i], JudgeRater, Math.Round(labels[i], MidpointRounding.AwayFromZero));
            rounded.Add(items[i], ClassifierRater, Math.Round(scores[i], MidpointRounding.AwayFromZero));
        }

        var options = new AgreementOptions { GoldRater = JudgeRater, BootstrapResamples = bootstrap, Seed = seed };
        AgreementReport? binaryReport = null, scoreReport = null;
        if (n > 0)
        {
            binaryReport = AgreementAnalyzer.Analyze(binary.Build(), options, cancellationToken);
            scoreReport = AgreementAnalyzer.Analyze(rounded.Build(), options, cancellationToken);
        }

        double? precision = tp + fp == 0 ? null : (double)tp / (tp + fp);
        double? recall = tp + fn == 0 ? null : (double)tp / (tp + fn);
        double? f1 = precision is { } p && recall is { } r && p + r > 0 ? 2 * p * r / (p + r) : null;
        return new ClassifierMetrics
        {
            N = n,
            Rmse = n == 0 ? double.NaN : Math.Sqrt(squared / n),
            Mae = n == 0 ? double.NaN : absolute / n,
            Pearson = n < 2 ? null : Correlation.Pearson(scores, labels),
            Spearman = n < 2 ? null : Correlation.Spearman(scores, labels),
            Threshold = threshold,
            TruePositives = tp,
            FalsePositives = fp,
            FalseNegatives = fn,
            TrueNegatives = tn,
            Precision = precision,
            Recall = recall,
            F1 = f1,
            Accuracy = n == 0 ? null : (double)(tp + tn) / n,
            CohenKappa = binaryReport?.Pairs.FirstOrDefault()?.CohenKappa.Unweighted,
            BinaryAgreement = binaryReport,
            ScoreAgreement = scoreReport,
        };
    }
}
