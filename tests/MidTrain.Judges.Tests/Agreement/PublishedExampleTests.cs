using MidTrain.Judges.Agreement;

namespace MidTrain.Judges.Tests.Agreement;

/// <summary>The worked examples of issue 8, to four decimals (values from scikit-learn, statsmodels, scipy, krippendorff).</summary>
public sealed class PublishedExampleTests
{
    [Fact]
    public void FleissKappa_WikipediaExample_Is0_2099()
    {
        int[][] counts =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];

        var kappa = FleissKappa.Compute(counts, out var reason);

        reason.Should().BeNull();
        kappa.Should().NotBeNull();
        Math.Round(kappa!.Value, 4).Should().Be(0.2099);
    }

    [Fact]
    public void FleissKappa_WikipediaExampleAsLabels_Is0_2099()
    {
        int[][] counts =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];
        var builder = new LabelMatrixBuilder();
        for (var subject = 0; subject < counts.Length; subject++)
        {
            var rater = 0;
            for (var category = 0; category < 5; category++)
            {
                for (var k = 0; k < counts[subject][category]; k++)
                {
                    builder.Add($"s{subject}", $"r{rater++}", category + 1);
                }
            }
        }

        var report = AgreementAnalyzer.Analyze(builder.Build(), new AgreementOptions { BootstrapResamples = 0 });

        Math.Round(report.FleissKappa!.Value, 4).Should().Be(0.2099);
    }

    [Fact]
    public void KrippendorffAlpha_WikipediaExample_MatchesAllFourLevels()
    {
        var matrix = Labels.FromRows(
            "* * * * * 3 4 1 2 1 1 3 3 * 3",
            "1 * 2 1 3 3 4 3 * * * * * * *",
            "* * 2 1 3 4 4 * 2 1 1 3 3 * 4");

        var alpha = KrippendorffAlpha.Compute(matrix);

        Math.Round(alpha.Nominal!.Value, 4).Should().Be(0.6914);
        Math.Round(alpha.Ordinal!.Value, 4).Should().Be(0.8067);
        Math.Round(alpha.Interval!.Value, 4).Should().Be(0.8108);
        Math.Round(alpha.Ratio!.Value, 4).Should().Be(0.8089);
    }

    [Fact]
    public void KrippendorffAlpha_Krippendorff2011Example_MatchesAllFourLevels()
    {
        var matrix = Labels.FromRows(
            "1 2 3 3 2 1 4 1 2 * * *",
            "1 2 3 3 2 2 4 1 2 5 * 3",
            "* 3 3 3 2 3 4 2 2 5 1 *",
            "1 2 3 3 2 4 4 1 2 5 1 *");

        var alpha = KrippendorffAlpha.Compute(matrix);

        Math.Round(alpha.Nominal!.Value, 4).Should().Be(0.7434);
        Math.Round(alpha.Ordinal!.Value, 4).Should().Be(0.8154);
        Math.Round(alpha.Interval!.Value, 4).Should().Be(0.8491);
        Math.Round(alpha.Ratio!.Value, 4).Should().Be(0.7974);
    }

    [Fact]
    public void KrippendorffAlpha_ReliabilityDataOverload_MatchesMatrixPath()
    {
        double?[][] data =
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
            [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
        ];

        var alpha = KrippendorffAlpha.Compute(data);

        Math.Round(alpha.Nominal!.Value, 4).Should().Be(0.7434);
        Math.Round(alpha.Interval!.Value, 4).Should().Be(0.8491);
    }

    [Fact]
    public void CohenKappa_ArtsteinPoesioTwoCategories_Is0_3478()
    {
        var a = Labels.Repeat((0, 40), (1, 60));
        var b = Labels.Repeat((0, 20), (1, 20), (0, 10), (1, 50));

        var kappa = CohenKappa.Compute(a, b);

        Math.Round(kappa.Unweighted!.Value, 4).Should().Be(0.3478);
    }

    [Fact]
    public void CohenKappa_ArtsteinPoesioThreeCategories_MatchesUnweightedLinearQuadratic()
    {
        var a = Labels.Repeat((0, 46), (1, 44), (2, 10));
        var b = Labels.Repeat((0, 50), (1, 40), (2, 10));

        var kappa = CohenKappa.Compute(a, b);

        Math.Round(kappa.Unweighted!.Value, 4).Should().Be(0.9315);
        Math.Round(kappa.Linear!.Value, 4).Should().Be(0.9412);
        Math.Round(kappa.Quadratic!.Value, 4).Should().Be(0.9541);
    }

    [Fact]
    public void CohenKappa_ContingencyTable_MatchesUnweightedAndLinear()
    {
        long[,] table = { { 0, 4, 1 }, { 0, 8, 0 }, { 0, 1, 5 } };

        var kappa = CohenKappa.FromTable(table);

        Math.Round(kappa.Unweighted!.Value, 4).Should().Be(0.4842);
        Math.Round(kappa.Linear!.Value, 4).Should().Be(0.4701);
    }

    [Fact]
    public void Analyze_ArtsteinPoesioPair_ReportsSameKappaAsLibrary()
    {
        var a = Labels.Repeat((0, 46), (1, 44), (2, 10));
        var b = Labels.Repeat((0, 50), (1, 40), (2, 10));

        var report = AgreementAnalyzer.Analyze(Labels.FromPair(a, b), new AgreementOptions { BootstrapResamples = 0 });

        var pair = report.Pairs.Should().ContainSingle().Subject;
        Math.Round(pair.CohenKappa.Unweighted!.Value, 4).Should().Be(0.9315);
        Math.Round(pair.CohenKappa.Linear!.Value, 4).Should().Be(0.9412);
        Math.Round(pair.CohenKappa.Quadratic!.Value, 4).Should().Be(0.9541);
        pair.N.Should().Be(100);
        pair.PercentAgreement.Should().BeApproximately(0.96, 1e-12);
    }

    [Fact]
    public void KendallTauB_ScipyExampleWithTies_IsMinus0_4714()
    {
        double[] x = [12, 2, 1, 12, 2];
        double[] y = [1, 4, 7, 1, 0];

        Math.Round(Correlation.KendallTauB(x, y)!.Value, 4).Should().Be(-0.4714);
    }

    [Fact]
    public void Spearman_ScipyExampleWithTies_Is0_8208()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [5, 6, 7, 8, 7];

        Math.Round(Correlation.Spearman(x, y)!.Value, 4).Should().Be(0.8208);
    }
}
