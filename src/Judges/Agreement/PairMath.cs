namespace MidTrain.Judges.Agreement;

/// <summary>
/// Agreement and correlation between two aligned label sequences of category codes (codes ordered by value for
/// numeric labels). Costs are linear in the pair's length (Kendall: n log n, Knight's algorithm), independent of the
/// total number of categories. Undefined results are NaN.
/// </summary>
internal static class PairMath
{
    /// <summary>
    /// Cohen's κ: κ = 1 − Σ w·O / Σ w·E, with E the product of the marginals (as scikit-learn). Weights 1 − [a = b]
    /// (unweighted), |v_a − v_b| (linear), (v_a − v_b)² (quadratic); weighted forms need <paramref name="values"/>.
    /// <paramref name="multiplicity"/> (empty: all 1) repeats each position, which is how the bootstrap resamples.
    /// Returns the proportion of agreement.
    /// </summary>
    public static double Kappa(ReadOnlySpan<int> x, ReadOnlySpan<int> y, ReadOnlySpan<int> multiplicity, double[]? values, PairScratch s,
        out double unweighted, out double linear, out double quadratic)
    {
        unweighted = linear = quadratic = double.NaN;
        var rows = s.Rows;
        var columns = s.Columns;
        double total = 0, agree = 0, absolute = 0, squared = 0;
        var weighted = !multiplicity.IsEmpty;
        for (var i = 0; i < x.Length; i++)
        {
            var w = weighted ? multiplicity[i] : 1;
            if (w == 0)
            {
                continue;
            }

            int a = x[i], b = y[i];
            s.Touch(a);
            s.Touch(b);
            rows[a] += w;
            columns[b] += w;
            total += w;
            if (a == b)
            {
                agree += w;
            }
            else if (values is not null)
            {
                var d = values[a] - values[b];
                absolute += w * Math.Abs(d);
                squared += w * d * d;
            }
        }

        if (total == 0)
        {
            s.Clear();
            return double.NaN;
        }

        var proportion = agree / total;
        var touched = s.TouchedSpan;
        if (touched.Length < 2)
        {
            // Both raters used one and the same category: no expected disagreement, κ undefined.
            s.Clear();
            return proportion;
        }

        double chance = 0;
        foreach (var c in touched)
        {
            chance += rows[c] * columns[c];
        }

        unweighted = 1 - (total - agree) / (total - chance / total);
        if (values is not null)
        {
            s.SortTouched();
            touched = s.TouchedSpan;

            // Σ_c Σ_k r_c s_k |v_c − v_k| by prefix sums over the categories in value order.
            double rowTotal = 0, rowValueTotal = 0, mean = 0;
            foreach (var c in touched)
            {
                rowTotal += rows[c];
                rowValueTotal += rows[c] * values[c];
                mean += (rows[c] + columns[c]) * values[c];
            }

            mean /= 2 * total;
            double below = 0, belowValue = 0, expectedAbsolute = 0;
            double rowCentered = 0, columnCentered = 0, rowSquares = 0, columnSquares = 0;
            foreach (var k in touched)
            {
                var v = values[k];
                var above = rowTotal - below - rows[k];
                var aboveValue = rowValueTotal - belowValue - rows[k] * v;
                expectedAbsolute += columns[k] * (v * below - belowValue + aboveValue - v * above);
                below += rows[k];
                belowValue += rows[k] * v;

                var centered = v - mean;
                rowCentered += rows[k] * centered;
                columnCentered += columns[k] * centered;
                rowSquares += rows[k] * centered * centered;
                columnSquares += columns[k] * centered * centered;
            }

            var expectedSquared = rowSquares + columnSquares - 2 * rowCentered * columnCentered / total;
            linear = expectedAbsolute > 0 ? 1 - absolute / (expectedAbsolute / total) : double.NaN;
            quadratic = expectedSquared > 0 ? 1 - squared / expectedSquared : double.NaN;
        }

        s.Clear();
        return proportion;
    }

    /// <summary>
    /// The same three κ as <see cref="Kappa"/>, from a dense row-major k × k table of (weighted) counts: O(k²), for the
    /// bootstrap when the categories are few, where accumulating a table beats walking the pair's items twice.
    /// </summary>
    public static void KappaFromTable(ReadOnlySpan<double> table, int k, double[]? values, Span<double> rows, Span<double> columns,
        out double unweighted, out double linear, out double quadratic)
    {
        unweighted = linear = quadratic = double.NaN;
        rows.Clear();
        columns.Clear();
        double total = 0, agree = 0, absolute = 0, squared = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var count = table[i * k + j];
                if (count == 0)
                {
                    continue;
                }

                rows[i] += count;
                columns[j] += count;
                total += count;
                if (i == j)
                {
                    agree += count;
                }
                else if (values is not null)
                {
                    var d = values[i] - values[j];
                    absolute += count * Math.Abs(d);
                    squared += count * d * d;
                }
            }
        }

        var present = 0;
        double chance = 0;
        for (var c = 0; c < k; c++)
        {
            present += rows[c] + columns[c] > 0 ? 1 : 0;
            chance += rows[c] * columns[c];
        }

        if (total == 0 || present < 2)
        {
            return;
        }

        unweighted = 1 - (total - agree) / (total - chance / total);
        if (values is null)
        {
            return;
        }

        double expectedAbsolute = 0, expectedSquared = 0;
        for (var i = 0; i < k; i++)
        {
            if (rows[i] == 0)
            {
                continue;
            }

            for (var j = 0; j < k; j++)
            {
                var d = values[i] - values[j];
                var joint = rows[i] * columns[j];
                expectedAbsolute += joint * Math.Abs(d);
                expectedSquared += joint * d * d;
            }
        }

        linear = expectedAbsolute > 0 ? 1 - absolute / (expectedAbsolute / total) : double.NaN;
        quadratic = expectedSquared > 0 ? 1 - squared / (expectedSquared / total) : double.NaN;
    }

    /// <summary>Pearson's r of the values, Spearman's ρ (Pearson's r of average ranks) and Kendall's τ-b.</summary>
    public static void Correlations(ReadOnlySpan<int> x, ReadOnlySpan<int> y, double[] values, PairScratch s,
        out double spearman, out double kendall, out double pearson)
    {
        spearman = kendall = pearson = double.NaN;
        var n = x.Length;
        if (n < 2)
        {
            return;
        }

        var rows = s.Rows;
        var columns = s.Columns;
        for (var i = 0; i < n; i++)
        {
            s.Touch(x[i]);
            s.Touch(y[i]);
            rows[x[i]]++;
            columns[y[i]]++;
        }

        s.SortTouched();
        double belowX = 0, belowY = 0;
        int distinctX = 0, distinctY = 0;
        foreach (var c in s.TouchedSpan)
        {
            s.RankX[c] = belowX + (rows[c] + 1) / 2;
            s.RankY[c] = belowY + (columns[c] + 1) / 2;
            belowX += rows[c];
            belowY += columns[c];
            distinctX += rows[c] > 0 ? 1 : 0;
            distinctY += columns[c] > 0 ? 1 : 0;
        }

        s.Clear();
        if (distinctX < 2 || distinctY < 2)
        {
            return; // a constant rater: no correlation is defined
        }

        pearson = Pearson(x, y, values, values);
        spearman = Pearson(x, y, s.RankX, s.RankY);
        kendall = KendallTauB(x, y, s);
    }

    private static double Pearson(ReadOnlySpan<int> x, ReadOnlySpan<int> y, double[] px, double[] py)
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            meanX += px[x[i]];
            meanY += py[y[i]];
        }

        meanX /= x.Length;
        meanY /= x.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = px[x[i]] - meanX;
            var dy = py[y[i]] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx > 0 && syy > 0 ? Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1) : double.NaN;
    }

    /// <summary>
    /// Kendall's τ-b by Knight's algorithm: sort by (x, y), count ties, then count the discordant pairs as the
    /// inversions of the y sequence with a merge sort. O(n log n).
    /// </summary>
    public static double KendallTauB(ReadOnlySpan<int> x, ReadOnlySpan<int> y, PairScratch s)
    {
        var n = x.Length;
        s.EnsureLength(n);
        var keys = s.Keys.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = ((long)x[i] << 32) | (uint)y[i];
        }

        keys.Sort();
        long tiedX = 0, tiedXY = 0;
        var runX = 1L;
        var runXY = 1L;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && keys[i] >> 32 == keys[i - 1] >> 32)
            {
                runX++;
                runXY = keys[i] == keys[i - 1] ? runXY + 1 : Close(ref tiedXY, runXY);
            }
            else
            {
                runX = Close(ref tiedX, runX);
                runXY = Close(ref tiedXY, runXY);
            }
        }

        var sequence = s.Sequence.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            sequence[i] = (int)keys[i];
        }

        var swaps = CountInversions(sequence, s.Buffer.AsSpan(0, n));
        long tiedY = 0;
        var runY = 1L;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && sequence[i] == sequence[i - 1])
            {
                runY++;
            }
            else
            {
                runY = Close(ref tiedY, runY);
            }
        }

        var pairs = (long)n * (n - 1) / 2;
        var denominator = (double)(pairs - tiedX) * (pairs - tiedY);
        if (denominator <= 0)
        {
            return double.NaN;
        }

        var numerator = (double)(pairs - tiedX - tiedY + tiedXY) - 2.0 * swaps;
        return Math.Clamp(numerator / Math.Sqrt(denominator), -1, 1);

        static long Close(ref long ties, long run)
        {
            ties += run * (run - 1) / 2;
            return 1;
        }
    }

    /// <summary>Sorts <paramref name="values"/> ascending (bottom-up merge sort) and returns the number of strict inversions.</summary>
    private static long CountInversions(Span<int> values, Span<int> buffer)
    {
        long inversions = 0;
        var n = values.Length;
        var source = values;
        var target = buffer;
        var inBuffer = false;
        for (var width = 1; width < n; width *= 2)
        {
            for (var left = 0; left < n; left += 2 * width)
            {
                var middle = Math.Min(left + width, n);
                var right = Math.Min(left + 2 * width, n);
                int i = left, j = middle, k = left;
                while (i < middle && j < right)
                {
                    if (source[j] < source[i])
                    {
                        inversions += middle - i;
                        target[k++] = source[j++];
                    }
                    else
                    {
                        target[k++] = source[i++];
                    }
                }

                while (i < middle)
                {
                    target[k++] = source[i++];
                }

                while (j < right)
                {
                    target[k++] = source[j++];
                }
            }

            var swap = source;
            source = target;
            target = swap;
            inBuffer = !inBuffer;
        }

        if (inBuffer)
        {
            source.CopyTo(values);
        }

        return inversions;
    }
}
