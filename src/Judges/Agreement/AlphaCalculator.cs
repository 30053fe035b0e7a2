namespace MidTrain.Judges.Agreement;

/// <summary>
/// Turns coincidences into α at the four levels: α = 1 − (n−1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. The expected sums use
/// closed forms (nominal n² − Σn_c²; interval and ordinal 2n·Σ n_c (x_c − x̄)², with x the value, or for ordinal the
/// mid-rank n_&lt;c + n_c/2 whose differences are exactly Krippendorff's ordinal distances), so the cost is linear in the
/// categories except for ratio (quadratic in the categories present). Undefined values are NaN. Holds scratch arrays:
/// one instance per thread.
/// </summary>
internal sealed class AlphaCalculator
{
    /// <summary>Ratio α's expected disagreement is quadratic in the categories present; beyond this it is not computed.</summary>
    public const int MaxRatioCategories = 20_000;

    private readonly CoincidenceTable _table;
    private readonly double[]? _values;
    private readonly double[] _marginals;
    private readonly double[] _midRanks;
    private readonly bool _negative;

    public AlphaCalculator(CoincidenceTable table, int categoryCount, double[]? values)
    {
        _table = table;
        _values = values;
        _marginals = new double[categoryCount];
        _midRanks = new double[categoryCount];
        _negative = values is not null && values.Any(v => v < 0);
        Totals = new double[table.CellCount];
    }

    /// <summary>Scratch for the coincidence totals, sized to the table.</summary>
    public double[] Totals { get; }

    /// <summary>α from <see cref="Totals"/>. Returns the reason shared by all levels when nothing is defined.</summary>
    public string? Evaluate(out double nominal, out double ordinal, out double interval, out double ratio)
    {
        nominal = ordinal = interval = ratio = double.NaN;
        var first = _table.CellFirst;
        var second = _table.CellSecond;
        var totals = Totals;
        var marginals = _marginals;
        Array.Clear(marginals);
        for (var i = 0; i < totals.Length; i++)
        {
            marginals[first[i]] += totals[i];
            if (first[i] != second[i])
            {
                marginals[second[i]] += totals[i];
            }
        }

        double n = 0;
        var present = 0;
        foreach (var m in marginals)
        {
            if (m > 0)
            {
                n += m;
                present++;
            }
        }

        if (present == 0)
        {
            return "no item has two or more labels, so nothing is pairable";
        }

        if (present < 2)
        {
            return "every pairable label is in the same category, so there is no expected disagreement";
        }

        // Nominal: every off-diagonal coincidence is a disagreement.
        double observed = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            if (first[i] != second[i])
            {
                observed += totals[i];
            }
        }

        double squares = 0;
        foreach (var m in marginals)
        {
            squares += m * m;
        }

        nominal = Alpha(n, 2 * observed, n * n - squares);

        var values = _values;
        if (values is null)
        {
            return null;
        }

        interval = IntervalLike(values, n);

        double running = 0;
        for (var c = 0; c < marginals.Length; c++)
        {
            _midRanks[c] = running + marginals[c] / 2;
            running += marginals[c];
        }

        ordinal = IntervalLike(_midRanks, n);

        if (!_negative && present <= MaxRatioCategories)
        {
            ratio = Ratio(values, n);
        }

        return null;
    }

    /// <summary>Why ratio α is not computed for these labels even when defined at the other levels; null when it is.</summary>
    public string? RatioRestriction(int presentCategories) =>
        _negative ? "ratio α needs non-negative values"
        : presentCategories > MaxRatioCategories ? $"ratio α is not computed for more than {MaxRatioCategories:N0} distinct values"
        : null;

    private double IntervalLike(double[] position, double n)
    {
        var totals = Totals;
        var first = _table.CellFirst;
        var second = _table.CellSecond;
        double observed = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            var d = position[first[i]] - position[second[i]];
            observed += totals[i] * d * d;
        }

        double mean = 0;
        for (var c = 0; c < _marginals.Length; c++)
        {
            mean += _marginals[c] * position[c];
        }

        mean /= n;
        double spread = 0;
        for (var c = 0; c < _marginals.Length; c++)
        {
            if (_marginals[c] > 0)
            {
                var d = position[c] - mean;
                spread += _marginals[c] * d * d;
            }
        }

        return Alpha(n, 2 * observed, 2 * n * spread);
    }

    private double Ratio(double[] values, double n)
    {
        var totals = Totals;
        var first = _table.CellFirst;
        var second = _table.CellSecond;
        double observed = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            observed += totals[i] * RatioDistance(values[first[i]], values[second[i]]);
        }

        var present = new List<int>();
        for (var c = 0; c < _marginals.Length; c++)
        {
            if (_marginals[c] > 0)
            {
                present.Add(c);
            }
        }

        double expected = 0;
        for (var i = 0; i < present.Count; i++)
        {
            var c = present[i];
            double row = 0;
            for (var j = i + 1; j < present.Count; j++)
            {
                var k = present[j];
                row += _marginals[k] * RatioDistance(values[c], values[k]);
            }

            expected += _marginals[c] * row;
        }

        return Alpha(n, 2 * observed, 2 * expected);
    }

    private static double RatioDistance(double a, double b)
    {
        var sum = a + b;
        if (sum == 0)
        {
            return 0;
        }

        var d = (a - b) / sum;
        return d * d;
    }

    private static double Alpha(double n, double observed, double expected) =>
        expected > 0 ? 1 - (n - 1) * observed / expected : double.NaN;
}
