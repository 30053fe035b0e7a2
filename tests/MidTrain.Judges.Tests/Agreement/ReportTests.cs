using System.Text.Json;
using MidTrain.Judges.Agreement;

namespace MidTrain.Judges.Tests.Agreement;

/// <summary>The JSON contract of <c>midtrain agreement --json</c> (issue 8, item 7) and the report's content.</summary>
public sealed class ReportTests
{
    [Fact]
    public void ToJson_Report_HasTheContractFieldsWithSnakeCaseNames()
    {
        var report = AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(1, 40, 3, 5, 0.1)), new AgreementOptions { GoldRater = "rater-0", BootstrapResamples = 50 });

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        string[] required = ["items", "raters", "labels", "krippendorff_alpha", "fleiss_kappa", "pairs", "vs_gold"];
        root.EnumerateObject().Select(p => p.Name).Should().Contain(required);
        root.GetProperty("items").GetInt32().Should().Be(40);
        root.GetProperty("raters").GetInt32().Should().Be(3);
        root.GetProperty("labels").GetInt32().Should().Be(report.Labels);
        root.GetProperty("krippendorff_alpha").EnumerateObject().Select(p => p.Name).Should().Equal("nominal", "ordinal", "interval", "ratio");
        root.GetProperty("krippendorff_alpha").EnumerateObject().Should().OnlyContain(p => p.Value.ValueKind == JsonValueKind.Number);
        root.GetProperty("fleiss_kappa").ValueKind.Should().Be(JsonValueKind.Null, "items have unequal numbers of labels");
        root.GetProperty("notes").GetProperty("fleiss_kappa").GetString().Should().Contain("unequal numbers of labels");

        var pairs = root.GetProperty("pairs").EnumerateArray().ToList();
        pairs.Should().HaveCount(3);
        foreach (var pair in pairs)
        {
            pair.EnumerateObject().Select(p => p.Name).Should().Contain(["a", "b", "n", "percent_agreement", "cohen_kappa", "spearman", "kendall_tau_b", "pearson"]);
            pair.GetProperty("cohen_kappa").EnumerateObject().Select(p => p.Name).Should().Equal("unweighted", "linear", "quadratic");
            pair.GetProperty("percent_agreement").GetDouble().Should().BeInRange(0, 1);
            pair.GetProperty("cohen_kappa_ci").GetProperty("unweighted").GetProperty("low").GetDouble()
                .Should().BeLessThanOrEqualTo(pair.GetProperty("cohen_kappa_ci").GetProperty("unweighted").GetProperty("high").GetDouble());
        }

        pairs.Select(p => (p.GetProperty("a").GetString(), p.GetProperty("b").GetString()))
            .Should().Equal(("rater-0", "rater-1"), ("rater-0", "rater-2"), ("rater-1", "rater-2"));

        var gold = root.GetProperty("vs_gold");
        gold.GetProperty("gold").GetString().Should().Be("rater-0");
        var raters = gold.GetProperty("raters").EnumerateArray().ToList();
        raters.Select(r => r.GetProperty("rater").GetString()).Should().Equal("rater-1", "rater-2");
        raters[0].EnumerateObject().Select(p => p.Name).Should().Contain(["rater", "n", "accuracy", "cohen_kappa", "confusion_matrix", "mean_absolute_error"]);
    }

    [Fact]
    public void ToJson_WithoutGold_VsGoldIsNull()
    {
        var report = AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(2, 10, 2, 3, 0)), new AgreementOptions { BootstrapResamples = 0 });

        using var json = JsonDocument.Parse(report.ToJson());

        json.RootElement.GetProperty("vs_gold").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("krippendorff_alpha_ci").ValueKind.Should().Be(JsonValueKind.Null);
        report.ToJson().Should().NotContain("NaN").And.NotContain("\n");
    }

    [Fact]
    public void Analyze_GoldRater_ReportsAccuracyConfusionMatrixAndMeanAbsoluteError()
    {
        var builder = new LabelMatrixBuilder();
        (double Gold, double Judge)[] rows = [(1, 1), (2, 2), (3, 2), (3, 3), (1, 3), (2, 2)];
        for (var i = 0; i < rows.Length; i++)
        {
            builder.Add($"i{i}", "human", rows[i].Gold);
            builder.Add($"i{i}", "a-judge", rows[i].Judge);
        }

        builder.Add("only-judge", "a-judge", 1);

        var report = AgreementAnalyzer.Analyze(builder.Build(), new AgreementOptions { GoldRater = "human", BootstrapResamples = 0 });

        var judge = report.VsGold!.Raters.Should().ContainSingle().Subject;
        judge.Rater.Should().Be("a-judge");
        judge.N.Should().Be(6);
        judge.Accuracy.Should().BeApproximately(4 / 6.0, 1e-12);
        judge.MeanAbsoluteError.Should().BeApproximately((0 + 0 + 1 + 0 + 2 + 0) / 6.0, 1e-12);
        judge.ConfusionMatrix.Labels.Should().Equal("1", "2", "3");
        judge.ConfusionMatrix.Counts.Select(r => r.ToArray()).Should().BeEquivalentTo(
            new long[][] { [1, 0, 1], [0, 2, 0], [0, 1, 1] }, o => o.WithStrictOrdering(), "rows are gold labels, columns the rater's");
        judge.CohenKappa.Unweighted.Should().BeApproximately(CohenKappa.Compute(rows.Select(r => r.Gold).ToArray(), rows.Select(r => r.Judge).ToArray()).Unweighted!.Value, 1e-12);
    }

    [Fact]
    public void Analyze_UnknownGoldRater_Throws()
    {
        var act = () => AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(2, 10, 2, 3, 0)), new AgreementOptions { GoldRater = "nobody" });

        act.Should().Throw<ArgumentException>().WithMessage("*nobody*");
    }

    [Fact]
    public void Analyze_SameSeed_SameIntervals_OtherSeed_OtherIntervals()
    {
        var matrix = Labels.Build(Labels.Random(4, 50, 4, 5, 0));

        var a = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { Seed = 1, BootstrapResamples = 200 });
        var b = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { Seed = 1, BootstrapResamples = 200 });
        var c = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { Seed = 2, BootstrapResamples = 200 });

        b.ToJson().Should().Be(a.ToJson());
        c.KrippendorffAlphaCi.Should().NotBe(a.KrippendorffAlphaCi);
        a.FleissKappaCi.Should().NotBeNull();
        foreach (var ci in new[] { a.KrippendorffAlphaCi!.Nominal!, a.KrippendorffAlphaCi.Interval!, a.FleissKappaCi! })
        {
            ci.Low.Should().BeLessThan(ci.High);
        }

        a.KrippendorffAlphaCi.Nominal!.Low.Should().BeLessThan(a.KrippendorffAlpha.Nominal!.Value);
        a.KrippendorffAlphaCi.Nominal.High.Should().BeGreaterThan(a.KrippendorffAlpha.Nominal.Value);
    }

    [Fact]
    public void Analyze_LargeSample_IntervalNarrowsAroundEstimate()
    {
        var small = AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(6, 40, 3, 5, 0)), new AgreementOptions { BootstrapResamples = 300 });
        var large = AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(6, 2000, 3, 5, 0)), new AgreementOptions { BootstrapResamples = 300 });

        Width(large.KrippendorffAlphaCi!.Interval!).Should().BeLessThan(Width(small.KrippendorffAlphaCi!.Interval!) / 3);

        static double Width(ConfidenceInterval ci) => ci.High - ci.Low;
    }

    [Fact]
    public void Percentile_KnownSamples_InterpolatesLikeNumpy()
    {
        double[] samples = [double.NaN, 5, 1, 4, 2, 3];

        var ci = AgreementAnalyzer.Percentile(samples, 0.5);

        // numpy.percentile([1,2,3,4,5], [25, 75]) == [2, 4]
        ci.Should().Be(new ConfidenceInterval(2, 4));
    }

    [Fact]
    public void Analyze_SingleLabelPerItem_AlphaAndFleissNullWithReasons()
    {
        var builder = new LabelMatrixBuilder();
        builder.Add("a", "r1", 1);
        builder.Add("b", "r2", 2);

        var report = AgreementAnalyzer.Analyze(builder.Build());

        report.KrippendorffAlpha.Nominal.Should().BeNull();
        report.FleissKappa.Should().BeNull();
        report.Pairs.Should().BeEmpty();
        report.PairableItems.Should().Be(0);
        report.Notes["krippendorff_alpha.nominal"].Should().Contain("pairable");
        report.Notes["fleiss_kappa"].Should().Contain("single label");
        report.KrippendorffAlphaCi!.Nominal.Should().BeNull();
    }

    [Fact]
    public void Analyze_OneCategoryOnly_StatisticsUndefinedNotOne()
    {
        var builder = new LabelMatrixBuilder();
        for (var i = 0; i < 5; i++)
        {
            builder.Add($"i{i}", "a", 0.1);
            builder.Add($"i{i}", "b", 0.1);
        }

        var report = AgreementAnalyzer.Analyze(builder.Build());

        report.KrippendorffAlpha.Interval.Should().BeNull();
        report.FleissKappa.Should().BeNull();
        var pair = report.Pairs.Single();
        pair.PercentAgreement.Should().Be(1);
        pair.CohenKappa.Should().Be(new CohenKappaResult(null, null, null));
        pair.Pearson.Should().BeNull();
        pair.KendallTauB.Should().BeNull();
    }

    [Fact]
    public void Analyze_NegativeValues_RatioNullWithReason()
    {
        var matrix = Labels.FromRows("-1 0 1 2", "-1 1 1 2");

        var report = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { BootstrapResamples = 0 });

        report.KrippendorffAlpha.Interval.Should().NotBeNull();
        report.KrippendorffAlpha.Ratio.Should().BeNull();
        report.Notes["krippendorff_alpha.ratio"].Should().Contain("non-negative");
    }

    [Fact]
    public void Analyze_RaterDistributions_CountEachRatersLabels()
    {
        var matrix = Labels.FromRows("1 1 2 *", "3 3 3 1");

        var report = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { BootstrapResamples = 0 });

        report.Categories.Should().Equal("1", "2", "3");
        report.RaterDistributions.Select(d => (d.Rater, d.Labels, string.Join(",", d.Counts)))
            .Should().Equal(("r0", 3, "2,1,0"), ("r1", 4, "1,0,3"));
    }

    [Fact]
    public void Analyze_NoLabels_ReportsZerosAndNullsWithReasons()
    {
        var report = AgreementAnalyzer.Analyze(new LabelMatrixBuilder().Build());

        report.Items.Should().Be(0);
        report.Labels.Should().Be(0);
        report.Pairs.Should().BeEmpty();
        report.KrippendorffAlpha.Should().BeEquivalentTo(new KrippendorffAlphaResult(null, null, null, null), o => o.Excluding(r => r.Reasons));
        report.FleissKappa.Should().BeNull();
        report.Notes.Should().ContainKeys("krippendorff_alpha.nominal", "fleiss_kappa");
        AgreementHtmlReport.Render(report).Should().Contain("No labels.");
    }

    [Fact]
    public void Analyze_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var act = () => AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(1, 20, 3, 3, 0)), null, cancelled.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Correlation_ConstantRater_IsNull()
    {
        double[] constant = [3, 3, 3, 3];
        double[] varying = [1, 2, 3, 4];

        Correlation.Pearson(constant, varying).Should().BeNull();
        Correlation.Spearman(constant, varying).Should().BeNull();
        Correlation.KendallTauB(varying, constant).Should().BeNull();
        Correlation.Pearson(varying, varying).Should().Be(1);
    }
}
