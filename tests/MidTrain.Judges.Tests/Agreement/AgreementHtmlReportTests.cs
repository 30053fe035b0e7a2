using MidTrain.Judges.Agreement;

namespace MidTrain.Judges.Tests.Agreement;

public sealed class AgreementHtmlReportTests
{
    [Fact]
    public void Render_ReportWithGold_IsSelfContainedWithInlineSvgCharts()
    {
        var report = AgreementAnalyzer.Analyze(Labels.Build(Labels.Random(3, 60, 4, 5, 0.2)), new AgreementOptions { GoldRater = "rater-0", BootstrapResamples = 100 });

        var html = AgreementHtmlReport.Render(report);

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().NotContainAny("http://", "https://", "<script", "<link", "<img", "@import", "url(");
        CountOf(html, "<svg").Should().Be(1 + 2 + 3 + 4, "α chart, two κ heatmaps, three confusion matrices against gold, four distributions");
        html.Should().Contain("Krippendorff's α").And.Contain("rater-3 vs gold rater-0");
        html.Should().Contain(report.KrippendorffAlpha.Nominal!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        html.Should().Contain(report.KrippendorffAlphaCi!.Nominal!.Low.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Render_HostileNames_AreEscaped()
    {
        var builder = new LabelMatrixBuilder();
        builder.Add("i1", "<script>alert(1)</script>", "a&b");
        builder.Add("i1", "judge \"quoted\"", "a&b");
        builder.Add("i2", "<script>alert(1)</script>", "c");
        builder.Add("i2", "judge \"quoted\"", "a&b");

        var html = AgreementHtmlReport.Render(AgreementAnalyzer.Analyze(builder.Build()), "T <i>");

        html.Should().NotContain("<script>").And.NotContain("<i>");
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Contain("a&amp;b").And.Contain("T &lt;i&gt;");
    }

    [Fact]
    public void Render_WithoutGold_ShowsPairConfusionMatricesAndUndefinedLevels()
    {
        var builder = new LabelMatrixBuilder();
        string[] a = ["yes", "no", "yes", "yes"];
        string[] b = ["yes", "no", "no", "yes"];
        for (var i = 0; i < a.Length; i++)
        {
            builder.Add($"i{i}", "a", a[i]);
            builder.Add($"i{i}", "b", b[i]);
        }

        var html = AgreementHtmlReport.Render(AgreementAnalyzer.Analyze(builder.Build(), new AgreementOptions { BootstrapResamples = 0 }));

        CountOf(html, "<svg").Should().Be(1 + 1 + 1 + 2, "α chart, one κ heatmap (labels not numeric), one pair matrix, two distributions");
        html.Should().Contain("undefined").And.Contain("a × b");
    }

    [Fact]
    public void Render_ManyNumericCategories_BinsTheDistributions()
    {
        var builder = new LabelMatrixBuilder();
        for (var i = 0; i < 300; i++)
        {
            builder.Add($"i{i}", "a", i / 10.0);
            builder.Add($"i{i}", "b", (i + 3) / 10.0);
        }

        var report = AgreementAnalyzer.Analyze(builder.Build(), new AgreementOptions { BootstrapResamples = 0 });
        var html = AgreementHtmlReport.Render(report);

        report.Pairs.Single().ConfusionMatrix.Should().BeNull("the pair uses more than 50 categories");
        CountOf(html, "<rect").Should().BeLessThan(200);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
