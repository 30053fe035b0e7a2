namespace MidTrain.Judges.Agreement;

/// <summary>
/// Computes every agreement statistic of <c>midtrain agreement</c> for a <see cref="LabelMatrix"/>: Krippendorff's α
/// (four levels), Fleiss' κ, per pair of raters Cohen's κ (unweighted, linear, quadratic), percent agreement,
/// Spearman's ρ, Kendall's τ-b and Pearson's r, each rater against a gold rater, and percentile bootstrap confidence
/// intervals for α and κ. The bootstrap resamples items with replacement (one draw of items per resample, shared by
/// every statistic) from a seeded generator, so results are reproducible. Single-threaded and deterministic; the
/// result does not depend on the order of the input labels. Stateless and thread-safe.
/// </summary>
public static class AgreementAnalyzer
{
    private const int DenseKappaCategories = 32;
    private static readonly string[] AlphaLevels = ["nominal", "ordinal", "interval", "ratio"];

    /// <summary>Analyzes <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentException">The gold rater is not among the raters.</exception>
    public static AgreementReport Analyze(LabelMatrix matrix, AgreementOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= new AgreementOptions();
        options.Validate();
        var gold = -1;
        if (options.GoldRater is not null)
        {
            gold = IndexOf(matrix.Raters, options.GoldRater);
            if (gold < 0)
            {
                throw new ArgumentException($"The gold rater '{options.GoldRater}' has no labels.", nameof(options));
            }
        }

        var values = matrix.Values;
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = ItemCategoryCounts.From(matrix);
        var table = CoincidenceTable.From(counts);
        var alpha = KrippendorffAlpha.Compute(table, matrix.CategoryCount, values);
        foreach (var (level, reason) in alpha.Reasons)
        {
            notes["krippendorff_alpha." + level] = reason;
        }

        var fleiss = FleissKappa.Compute(counts, out var fleissReason);
        if (fleissReason is not null)
        {
            notes["fleiss_kappa"] = fleissReason;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pairSet = PairSet.From(matrix, cancellationToken);
        var scratch = new PairScratch(matrix.CategoryCount);
        var pairs = new List<PairAgreement>(pairSet.Pairs.Count);
        foreach (var pair in pairSet.Pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var agreement = PairMath.Kappa(pair.X, pair.Y, default, values, scratch, out var unweighted, out var linear, out var quadratic);
            double spearman = double.NaN, kendall = double.NaN, pearson = double.NaN;
            if (values is not null)
            {
                PairMath.Correlations(pair.X, pair.Y, values, scratch, out spearman, out kendall, out pearson);
            }

            pairs.Add(new PairAgreement(
                matrix.Raters[pair.First],
                matrix.Raters[pair.Second],
                pair.Count,
                agreement,
                new CohenKappaResult(Finite(unweighted), Finite(linear), Finite(quadratic)),
                Finite(spearman),
                Finite(kendall),
                Finite(pearson),
                null,
                Confusion(matrix, pair.X, pair.Y, options.MaxConfusionCategories)));
        }

        if (values is null)
        {
            const string reason = "labels are not all numbers";
            notes["pairs.cohen_kappa.linear"] = reason + "; weighted kappa needs numeric labels";
            notes["pairs.cohen_kappa.quadratic"] = reason + "; weighted kappa needs numeric labels";
            notes["pairs.spearman"] = reason;
            notes["pairs.kendall_tau_b"] = reason;
            notes["pairs.pearson"] = reason;
        }

        KrippendorffAlphaIntervals? alphaCi = null;
        ConfidenceInterval? fleissCi = null;
        if (options.BootstrapResamples > 0 && matrix.ItemCount > 0)
        {
            var bootstrap = Bootstrap(matrix, counts, table, pairSet, fleissReason is null, options, cancellationToken);
            var q = options.Confidence;
            alphaCi = new KrippendorffAlphaIntervals(
                alpha.Nominal is null ? null : Percentile(bootstrap.Alpha[0], q),
                alpha.Ordinal is null ? null : Percentile(bootstrap.Alpha[1], q),
                alpha.Interval is null ? null : Percentile(bootstrap.Alpha[2], q),
                alpha.Ratio is null ? null : Percentile(bootstrap.Alpha[3], q));
            fleissCi = fleiss is null ? null : Percentile(bootstrap.Fleiss, q);
            for (var p = 0; p < pairs.Count; p++)
            {
                var kappa = pairs[p].CohenKappa;
                pairs[p] = pairs[p] with
                {
                    CohenKappaCi = new CohenKappaIntervals(
                        kappa.Unweighted is null ? null : Percentile(bootstrap.Pairs[p][0], q),
                        kappa.Linear is null ? null : Percentile(bootstrap.Pairs[p][1], q),
                        kappa.Quadratic is null ? null : Percentile(bootstrap.Pairs[p][2], q)),
                };
            }
        }

        GoldReport? vsGold = null;
        if (gold >= 0)
        {
            vsGold = Gold(matrix, pairSet, pairs, gold);
        }

        return new AgreementReport(matrix.ItemCount, matrix.RaterCount, matrix.LabelCount, alpha, fleiss, pairs, vsGold)
        {
            PairableItems = table.PairableItems,
            LabelKind = values is null ? "categorical" : "numeric",
            Categories = matrix.Categories,
            RaterIds = matrix.Raters,
            KrippendorffAlphaCi = alphaCi,
            FleissKappaCi = fleissCi,
            Bootstrap = new BootstrapSettings(options.BootstrapResamples, options.Seed, options.Confidence),
            RaterDistributions = Distributions(matrix),
            Notes = notes,
        };
    }

    private sealed record BootstrapSamples(double[][] Alpha, double[] Fleiss, double[][][] Pairs);

    private static BootstrapSamples Bootstrap(LabelMatrix matrix, ItemCategoryCounts counts, CoincidenceTable table, PairSet pairSet,
        bool fleissDefined, AgreementOptions options, CancellationToken cancellationToken)
    {
        var resamples = options.BootstrapResamples;
        var items = matrix.ItemCount;
        var values = matrix.Values;
        var random = new SplitMix64(options.Seed);
        var weights = new int[items];
        var alphaCalculator = new AlphaCalculator(table, matrix.CategoryCount, values);
        var fleissCalculator = fleissDefined ? new FleissCalculator(counts) : null;
        var scratch = new PairScratch(matrix.CategoryCount);
        var multiplicity = new int[pairSet.Pairs.Count == 0 ? 0 : pairSet.Pairs.Max(p => p.Count)];
        var alpha = AlphaLevels.Select(_ => new double[resamples]).ToArray();
        var fleiss = new double[resamples];
        var pairs = pairSet.Pairs.Select(_ => new[] { new double[resamples], new double[resamples], new double[resamples] }).ToArray();

        // With few categories each pair's resampled counts go into a dense k × k table (one add per item), which is
        // several times faster than walking the pair's labels; with many categories the sparse path keeps memory flat.
        var k = matrix.CategoryCount;
        var cells = k <= DenseKappaCategories
            ? pairSet.Pairs.Select(pair => pair.X.Zip(pair.Y, (x, y) => (ushort)(x * k + y)).ToArray()).ToArray()
            : null;
        var pairTable = new double[cells is null ? 0 : k * k];
        var rows = new double[k];
        var columns = new double[k];
        for (var b = 0; b < resamples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(weights);
            for (var i = 0; i < items; i++)
            {
                weights[random.NextInt(items)]++;
            }

            table.Accumulate(weights, alphaCalculator.Totals);
            alphaCalculator.Evaluate(out alpha[0][b], out alpha[1][b], out alpha[2][b], out alpha[3][b]);
            fleiss[b] = fleissCalculator?.Evaluate(weights) ?? double.NaN;
            for (var p = 0; p < pairs.Length; p++)
            {
                var pair = pairSet.Pairs[p];
                if (cells is not null)
                {
                    var pairCells = cells[p];
                    Array.Clear(pairTable);
                    for (var i = 0; i < pairCells.Length; i++)
                    {
                        pairTable[pairCells[i]] += weights[pair.Items[i]];
                    }

                    PairMath.KappaFromTable(pairTable, k, values, rows, columns, out pairs[p][0][b], out pairs[p][1][b], out pairs[p][2][b]);
                    continue;
                }

                var m = multiplicity.AsSpan(0, pair.Count);
                for (var i = 0; i < m.Length; i++)
                {
                    m[i] = weights[pair.Items[i]];
                }

                PairMath.Kappa(pair.X, pair.Y, m, values, scratch, out pairs[p][0][b], out pairs[p][1][b], out pairs[p][2][b]);
            }
        }

        return new BootstrapSamples(alpha, fleiss, pairs);
    }

    /// <summary>Percentile interval (linear interpolation between order statistics) over the defined resamples.</summary>
    internal static ConfidenceInterval? Percentile(double[] samples, double confidence)
    {
        var finite = samples.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return null;
        }

        Array.Sort(finite);
        var tail = (1 - confidence) / 2;
        return new ConfidenceInterval(Quantile(finite, tail), Quantile(finite, 1 - tail));

        static double Quantile(double[] sorted, double q)
        {
            var h = (sorted.Length - 1) * q;
            var low = (int)Math.Floor(h);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
        }
    }

    private static GoldReport Gold(LabelMatrix matrix, PairSet pairSet, List<PairAgreement> pairs, int gold)
    {
        var values = matrix.Values;
        var results = new List<GoldAgreement>();
        for (var r = 0; r < matrix.RaterCount; r++)
        {
            if (r == gold)
            {
                continue;
            }

            var (first, second) = gold < r ? (gold, r) : (r, gold);
            var index = -1;
            for (var p = 0; p < pairSet.Pairs.Count; p++)
            {
                if (pairSet.Pairs[p].First == first && pairSet.Pairs[p].Second == second)
                {
                    index = p;
                    break;
                }
            }

            if (index < 0)
            {
                results.Add(new GoldAgreement(matrix.Raters[r], 0, null, new CohenKappaResult(null, null, null), null,
                    new ConfusionMatrix([], []), null));
                continue;
            }

            var pair = pairSet.Pairs[index];
            var (goldCodes, raterCodes) = gold < r ? (pair.X, pair.Y) : (pair.Y, pair.X);
            double? meanAbsoluteError = null;
            if (values is not null)
            {
                double sum = 0;
                for (var i = 0; i < goldCodes.Length; i++)
                {
                    sum += Math.Abs(values[goldCodes[i]] - values[raterCodes[i]]);
                }

                meanAbsoluteError = sum / goldCodes.Length;
            }

            var agreement = pairs[index];
            results.Add(new GoldAgreement(matrix.Raters[r], pair.Count, agreement.PercentAgreement, agreement.CohenKappa, agreement.CohenKappaCi,
                Confusion(matrix, goldCodes, raterCodes, int.MaxValue)!, meanAbsoluteError));
        }

        return new GoldReport(matrix.Raters[gold], results);
    }

    private static ConfusionMatrix? Confusion(LabelMatrix matrix, int[] rows, int[] columns, int maxCategories)
    {
        var used = new SortedSet<int>(rows);
        used.UnionWith(columns);
        if (used.Count > maxCategories)
        {
            return null;
        }

        var position = new Dictionary<int, int>();
        foreach (var code in used)
        {
            position[code] = position.Count;
        }

        var counts = new long[used.Count][];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new long[used.Count];
        }

        for (var i = 0; i < rows.Length; i++)
        {
            counts[position[rows[i]]][position[columns[i]]]++;
        }

        return new ConfusionMatrix([.. used.Select(c => matrix.Categories[c])], counts);
    }

    private static List<RaterDistribution> Distributions(LabelMatrix matrix)
    {
        var counts = new long[matrix.RaterCount][];
        for (var r = 0; r < counts.Length; r++)
        {
            counts[r] = new long[matrix.CategoryCount];
        }

        for (var u = 0; u < matrix.ItemCount; u++)
        {
            var raters = matrix.RatersOf(u);
            var codes = matrix.CodesOf(u);
            for (var i = 0; i < raters.Length; i++)
            {
                counts[raters[i]][codes[i]]++;
            }
        }

        return [.. counts.Select((c, r) => new RaterDistribution(matrix.Raters[r], (int)c.Sum(), c))];
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static double? Finite(double value) => KrippendorffAlpha.Finite(value);
}
