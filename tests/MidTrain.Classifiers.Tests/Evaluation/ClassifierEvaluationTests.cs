using MidTrain.Classifiers.Evaluation;
using MidTrain.Judges.Agreement;

namespace MidTrain.Classifiers.Tests.Evaluation;

public sealed class ClassifierEvaluationTests
{
    [Fact]
    public void Evaluate_WorkedExample_MatchesHandComputedFigures()
    {
        // Judge:      5    4    3    2    1    0
        // Classifier: 4.5  2.5  3.2  3.1  0.5  1.0   (threshold 3)
        // Keeps: judge 1 1 1 0 0 0, classifier 1 0 1 1 0 0 → TP 2, FN 1, FP 1, TN 2.
        string[] items = ["a", "b", "c", "d", "e", "f"];
        double[] labels = [5, 4, 3, 2, 1, 0];
        double[] scores = [4.5, 2.5, 3.2, 3.1, 0.5, 1.0];

        var metrics = ClassifierEvaluation.Evaluate(items, labels, scores, threshold: 3, bootstrap: 0);

        (metrics.TruePositives, metrics.FalseNegatives, metrics.FalsePositives, metrics.TrueNegatives).Should().Be((2, 1, 1, 2));
        metrics.Precision.Should().BeApproximately(2.0 / 3, 1e-12);
        metrics.Recall.Should().BeApproximately(2.0 / 3, 1e-12);
        metrics.F1.Should().BeApproximately(2.0 / 3, 1e-12);
        metrics.Accuracy.Should().BeApproximately(4.0 / 6, 1e-12);
        // Cohen's κ: p_o = 4/6, p_e = (3·3 + 3·3)/36 = 0.5 → κ = (2/3 − 1/2)/(1/2) = 1/3.
        metrics.CohenKappa.Should().BeApproximately(1.0 / 3, 1e-12);
        var mse = new[] { 0.25, 2.25, 0.04, 1.21, 0.25, 1.0 }.Average();
        metrics.Rmse.Should().BeApproximately(Math.Sqrt(mse), 1e-12);
        metrics.Mae.Should().BeApproximately(new[] { 0.5, 1.5, 0.2, 1.1, 0.5, 1.0 }.Average(), 1e-12);
        metrics.Spearman.Should().BeApproximately(Correlation.Spearman(scores, labels)!.Value, 1e-12);
        metrics.Pearson.Should().BeApproximately(Correlation.Pearson(scores, labels)!.Value, 1e-12);
        metrics.BinaryAgreement!.RaterIds.Should().Equal("classifier", "judge");
        metrics.BinaryAgreement.VsGold!.Gold.Should().Be("judge");
        metrics.ScoreAgreement!.Pairs.Single().N.Should().Be(6);
    }

    [Fact]
    public void Evaluate_NoItemKeptByEither_PrecisionRecallAreNullNotNaN()
    {
        var metrics = ClassifierEvaluation.Evaluate(["a", "b"], [0, 1], [0.5, 1.5], threshold: 3, bootstrap: 0);

        metrics.Precision.Should().BeNull();
        metrics.Recall.Should().BeNull();
        metrics.F1.Should().BeNull();
        metrics.ToJson()["binary"]!["precision"].Should().BeNull();
    }
}
