using MidTrain.Judges.Agreement;

namespace MidTrain.Judges.Tests.Agreement;

/// <summary>The fast implementations against slow, obvious ones written straight from the definitions, on random data.</summary>
public sealed class ReferenceImplementationTests
{
    public static TheoryData<int, int, int, int, double> RandomCases => new()
    {
        { 1, 60, 5, 5, 0.3 },
        { 2, 40, 3, 2, 0.0 },
        { 3, 80, 7, 9, 0.5 },
        { 4, 25, 4, 40, 0.2 }, // many categories: most cells of the coincidence matrix are empty
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void KrippendorffAlpha_RandomData_MatchesDefinition(int seed, int items, int raters, int categories, double missing)
    {
        var matrix = Labels.Build(Labels.Random(seed, items, raters, categories, missing));

        var alpha = KrippendorffAlpha.Compute(matrix);

        alpha.Nominal!.Value.Should().BeApproximately(SlowAlpha(matrix, Nominal), 1e-9);
        alpha.Ordinal!.Value.Should().BeApproximately(SlowAlpha(matrix, Ordinal), 1e-9);
        alpha.Interval!.Value.Should().BeApproximately(SlowAlpha(matrix, Interval), 1e-9);
        alpha.Ratio!.Value.Should().BeApproximately(SlowAlpha(matrix, Ratio), 1e-9);
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void PairStatistics_RandomData_MatchDefinitions(int seed, int items, int raters, int categories, double missing)
    {
        var matrix = Labels.Build(Labels.Random(seed, items, raters, categories, missing));

        var report = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { BootstrapResamples = 0 });

        report.Pairs.Should().NotBeEmpty();
        foreach (var pair in report.Pairs)
        {
            var (a, b) = Common(matrix, pair.A, pair.B);
            pair.N.Should().Be(a.Length);
            pair.PercentAgreement.Should().BeApproximately(a.Zip(b).Count(t => t.First == t.Second) / (double)a.Length, 1e-12);
            pair.CohenKappa.Unweighted!.Value.Should().BeApproximately(SlowKappa(a, b, (x, y) => x == y ? 0 : 1), 1e-9);
            pair.CohenKappa.Linear!.Value.Should().BeApproximately(SlowKappa(a, b, (x, y) => Math.Abs(x - y)), 1e-9);
            pair.CohenKappa.Quadratic!.Value.Should().BeApproximately(SlowKappa(a, b, (x, y) => (x - y) * (x - y)), 1e-9);
            pair.Pearson!.Value.Should().BeApproximately(SlowPearson(a, b), 1e-9);
            pair.Spearman!.Value.Should().BeApproximately(SlowPearson(AverageRanks(a), AverageRanks(b)), 1e-9);
            pair.KendallTauB!.Value.Should().BeApproximately(SlowKendall(a, b), 1e-9);
        }
    }

    [Fact]
    public void KendallTauB_LongSequencesWithManyTies_MatchesQuadraticDefinition()
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 700).Select(_ => (double)random.Next(6)).ToArray();
        var y = x.Select(v => random.NextDouble() < 0.5 ? v : random.Next(4)).ToArray();

        Correlation.KendallTauB(x, y)!.Value.Should().BeApproximately(SlowKendall(x, y), 1e-12);
    }

    [Fact]
    public void CohenKappa_UnequallySpacedNumericLabels_WeighsByNumericDistance()
    {
        double[] a = [1, 2, 10, 10, 2, 1, 10, 2];
        double[] b = [1, 10, 10, 2, 2, 2, 10, 1];

        var kappa = CohenKappa.Compute(a, b);

        kappa.Linear!.Value.Should().BeApproximately(SlowKappa(a, b, (x, y) => Math.Abs(x - y)), 1e-12);
        kappa.Quadratic!.Value.Should().BeApproximately(SlowKappa(a, b, (x, y) => (x - y) * (x - y)), 1e-12);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(3, 12)]
    public void KappaFromTable_RandomWeightedPairs_EqualsSparsePath(int seed, int k)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, k).Select(i => i * 1.5 + random.NextDouble()).ToArray();
        var n = 300;
        var x = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        var y = x.Select(v => random.NextDouble() < 0.5 ? v : random.Next(k)).ToArray();
        var weights = Enumerable.Range(0, n).Select(_ => random.Next(4)).ToArray();
        var table = new double[k * k];
        for (var i = 0; i < n; i++)
        {
            table[x[i] * k + y[i]] += weights[i];
        }

        PairMath.Kappa(x, y, weights, values, new PairScratch(k), out var u1, out var l1, out var q1);
        PairMath.KappaFromTable(table, k, values, new double[k], new double[k], out var u2, out var l2, out var q2);

        u2.Should().BeApproximately(u1, 1e-12);
        l2.Should().BeApproximately(l1, 1e-12);
        q2.Should().BeApproximately(q1, 1e-12);
    }

    private delegate double Distance(double[] values, double[] marginals, int c, int k);

    private static double Nominal(double[] values, double[] n, int c, int k) => c == k ? 0 : 1;

    private static double Interval(double[] values, double[] n, int c, int k) => (values[c] - values[k]) * (values[c] - values[k]);

    private static double Ratio(double[] values, double[] n, int c, int k)
    {
        var d = (values[c] - values[k]) / (values[c] + values[k]);
        return d * d;
    }

    private static double Ordinal(double[] values, double[] n, int c, int k)
    {
        if (c == k)
        {
            return 0;
        }

        var (low, high) = c < k ? (c, k) : (k, c);
        double sum = 0;
        for (var g = low; g <= high; g++)
        {
            sum += n[g];
        }

        sum -= (n[c] + n[k]) / 2;
        return sum * sum;
    }

    /// <summary>Krippendorff (2011): coincidences from every ordered pair of values within a unit, weighted 1/(m_u − 1).</summary>
    private static double SlowAlpha(LabelMatrix matrix, Distance distance)
    {
        var k = matrix.CategoryCount;
        var values = matrix.CategoryValues!.ToArray();
        var o = new double[k, k];
        for (var u = 0; u < matrix.ItemCount; u++)
        {
            var codes = matrix.CodesOf(u).ToArray();
            if (codes.Length < 2)
            {
                continue;
            }

            for (var i = 0; i < codes.Length; i++)
            {
                for (var j = 0; j < codes.Length; j++)
                {
                    if (i != j)
                    {
                        o[codes[i], codes[j]] += 1.0 / (codes.Length - 1);
                    }
                }
            }
        }

        var marginals = new double[k];
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                marginals[c] += o[c, d];
            }
        }

        var n = marginals.Sum();
        double observed = 0, expected = 0;
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                var delta = distance(values, marginals, c, d);
                observed += o[c, d] * delta;
                expected += marginals[c] * marginals[d] * delta;
            }
        }

        return 1 - (n - 1) * observed / expected;
    }

    private static (double[] A, double[] B) Common(LabelMatrix matrix, string a, string b)
    {
        var ra = matrix.Raters.ToList().IndexOf(a);
        var rb = matrix.Raters.ToList().IndexOf(b);
        var values = matrix.CategoryValues!;
        var x = new List<double>();
        var y = new List<double>();
        for (var u = 0; u < matrix.ItemCount; u++)
        {
            int ca = matrix.CodeOf(u, ra), cb = matrix.CodeOf(u, rb);
            if (ca >= 0 && cb >= 0)
            {
                x.Add(values[ca]);
                y.Add(values[cb]);
            }
        }

        return ([.. x], [.. y]);
    }

    /// <summary>scikit-learn's formula: κ = 1 − Σ w·O / Σ w·E over the full category × category matrices.</summary>
    private static double SlowKappa(double[] a, double[] b, Func<double, double, double> weight)
    {
        var categories = a.Concat(b).Distinct().Order().ToArray();
        var k = categories.Length;
        var observed = new double[k, k];
        for (var i = 0; i < a.Length; i++)
        {
            observed[Array.IndexOf(categories, a[i]), Array.IndexOf(categories, b[i])]++;
        }

        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                rows[i] += observed[i, j];
                columns[j] += observed[i, j];
            }
        }

        double wo = 0, we = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = weight(categories[i], categories[j]);
                wo += w * observed[i, j];
                we += w * rows[i] * columns[j] / a.Length;
            }
        }

        return 1 - wo / we;
    }

    private static double SlowPearson(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y).Sum(t => (t.First - mx) * (t.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var syy = y.Sum(v => (v - my) * (v - my));
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] AverageRanks(double[] x) =>
        [.. x.Select(v => x.Count(w => w < v) + (x.Count(w => w == v) + 1) / 2.0)];

    private static double SlowKendall(double[] x, double[] y)
    {
        double concordant = 0, discordant = 0, tiesX = 0, tiesY = 0, pairs = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                pairs++;
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                tiesX += dx == 0 ? 1 : 0;
                tiesY += dy == 0 ? 1 : 0;
                concordant += dx * dy > 0 ? 1 : 0;
                discordant += dx * dy < 0 ? 1 : 0;
            }
        }

        return (concordant - discordant) / Math.Sqrt((pairs - tiesX) * (pairs - tiesY));
    }
}
