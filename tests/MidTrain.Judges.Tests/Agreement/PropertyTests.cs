using MidTrain.Judges.Agreement;

namespace MidTrain.Judges.Tests.Agreement;

/// <summary>Identical raters agree perfectly; names and input order do not change any statistic.</summary>
public sealed class PropertyTests
{
    [Fact]
    public void Analyze_IdenticalRaters_AlphaAndKappaAreOne()
    {
        var random = new Random(3);
        var builder = new LabelMatrixBuilder();
        for (var u = 0; u < 50; u++)
        {
            var label = random.Next(1, 6);
            foreach (var rater in new[] { "x", "y", "z" })
            {
                builder.Add($"item{u}", rater, label);
            }
        }

        var report = AgreementAnalyzer.Analyze(builder.Build(), new AgreementOptions { BootstrapResamples = 50 });

        report.KrippendorffAlpha.Should().BeEquivalentTo(new KrippendorffAlphaResult(1, 1, 1, 1));
        report.FleissKappa.Should().Be(1);
        report.Pairs.Should().HaveCount(3).And.OnlyContain(p =>
            p.CohenKappa == new CohenKappaResult(1, 1, 1) && p.PercentAgreement == 1 && p.Spearman == 1 && p.KendallTauB == 1 && p.Pearson == 1);
        report.KrippendorffAlphaCi!.Nominal.Should().Be(new ConfidenceInterval(1, 1));
    }

    [Fact]
    public void Analyze_IdenticalRatersWithStringLabels_NominalAlphaAndKappaAreOne()
    {
        var builder = new LabelMatrixBuilder();
        string[] labels = ["good", "bad", "ok", "good", "bad", "good"];
        for (var u = 0; u < labels.Length; u++)
        {
            builder.Add($"i{u}", "a", labels[u]);
            builder.Add($"i{u}", "b", labels[u]);
        }

        var report = AgreementAnalyzer.Analyze(builder.Build(), new AgreementOptions { BootstrapResamples = 0 });

        report.KrippendorffAlpha.Nominal.Should().Be(1);
        report.KrippendorffAlpha.Ordinal.Should().BeNull();
        report.Notes.Should().ContainKey("krippendorff_alpha.ordinal");
        report.Pairs.Single().CohenKappa.Should().Be(new CohenKappaResult(1, null, null));
        report.LabelKind.Should().Be("categorical");
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.0)]
    public void Analyze_RenamedItemsAndRaters_SameStatistics(double missing)
    {
        var labels = Labels.Random(11, 70, 5, 4, missing);
        var renamed = labels.Select(l => ($"zz-{l.Item.GetHashCode(StringComparison.Ordinal):X8}-{l.Item}", Rename(l.Rater), l.Label)).ToList();

        var original = AgreementAnalyzer.Analyze(Labels.Build(labels), new AgreementOptions { BootstrapResamples = 0 });
        var other = AgreementAnalyzer.Analyze(Labels.Build(renamed), new AgreementOptions { BootstrapResamples = 0 });

        // Equal up to floating-point summation order (items are visited in a different order).
        other.KrippendorffAlpha.Should().BeEquivalentTo(original.KrippendorffAlpha, Tolerant);
        if (missing == 0)
        {
            other.FleissKappa.Should().BeApproximately(original.FleissKappa!.Value, 1e-12);
        }
        else
        {
            other.FleissKappa.Should().BeNull();
            original.FleissKappa.Should().BeNull();
        }

        Summarize(other, r => r).Should().BeEquivalentTo(Summarize(original, Rename), Tolerant);

        static string Rename(string rater) => "judge-" + new string(rater.Reverse().ToArray());
    }

    [Fact]
    public void Analyze_ShuffledLabelOrder_IdenticalReportIncludingIntervals()
    {
        var labels = Labels.Random(5, 60, 4, 5, 0.2);
        var shuffled = labels.OrderBy(_ => Guid.NewGuid()).ToList();
        var options = new AgreementOptions { BootstrapResamples = 200, Seed = 9 };

        var original = AgreementAnalyzer.Analyze(Labels.Build(labels), options).ToJson();
        var other = AgreementAnalyzer.Analyze(Labels.Build(shuffled), options).ToJson();

        other.Should().Be(original);
    }

    [Fact]
    public void Analyze_ShuffledFileLines_IdenticalReport()
    {
        var lines = Labels.Random(8, 30, 3, 3, 0.1)
            .Select(l => $$"""{"item":"{{l.Item}}","rater":"{{l.Rater}}","label":{{l.Label}}}""").ToList();
        var reversed = Enumerable.Reverse(lines).ToList();

        var a = AgreementAnalyzer.Analyze(Read(lines), new AgreementOptions { BootstrapResamples = 100 }).ToJson();
        var b = AgreementAnalyzer.Analyze(Read(reversed), new AgreementOptions { BootstrapResamples = 100 }).ToJson();

        b.Should().Be(a);
    }

    private static FluentAssertions.Equivalency.EquivalencyAssertionOptions<T> Tolerant<T>(FluentAssertions.Equivalency.EquivalencyAssertionOptions<T> options) =>
        options
            .Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-12)).WhenTypeIs<double>()
            .Using<double?>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-12)).WhenTypeIs<double?>();

    private static LabelMatrix Read(IEnumerable<string> lines)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return LabelFile.Read(stream, "labels.jsonl").Matrix;
    }

    private static List<(string A, string B, int N, double Agreement, CohenKappaResult Kappa, double? Spearman, double? Kendall)> Summarize(
        AgreementReport report, Func<string, string> rename) =>
        [.. report.Pairs
            .Select(p => (A: rename(p.A), B: rename(p.B), p))
            .Select(t => string.CompareOrdinal(t.A, t.B) < 0 ? t : (A: t.B, B: t.A, t.p))
            .Select(t => (t.A, t.B, t.p.N, t.p.PercentAgreement, t.p.CohenKappa, t.p.Spearman, t.p.KendallTauB))
            .OrderBy(t => t.A, StringComparer.Ordinal).ThenBy(t => t.B, StringComparer.Ordinal)];
}
