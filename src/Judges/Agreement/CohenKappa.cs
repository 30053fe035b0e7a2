namespace MidTrain.Judges.Agreement;

/// <summary>
/// Cohen's κ between two raters, unweighted and weighted (linear, quadratic). Weighted forms weigh a disagreement by
/// the numeric distance between the two labels, which equals scikit-learn's <c>cohen_kappa_score(weights=…)</c> with
/// <c>labels</c> listing every category when the categories are equally spaced (e.g. a 1–5 scale). Linear in the
/// number of items. Stateless and thread-safe.
/// </summary>
public static class CohenKappa
{
    /// <summary>κ of two aligned numeric label sequences (position i is one item).</summary>
    public static CohenKappaResult Compute(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (x, y, values) = Encode(a, b);
        PairMath.Kappa(x, y, default, values, new PairScratch(values.Length), out var unweighted, out var linear, out var quadratic);
        return new CohenKappaResult(KrippendorffAlpha.Finite(unweighted), KrippendorffAlpha.Finite(linear), KrippendorffAlpha.Finite(quadratic));
    }

    /// <summary>Unweighted κ of two aligned categorical label sequences; the weighted forms are null.</summary>
    public static CohenKappaResult Compute(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength(a.Count, b.Count);
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var x = a.Select(Code).ToArray();
        var y = b.Select(Code).ToArray();
        PairMath.Kappa(x, y, default, null, new PairScratch(codes.Count), out var unweighted, out _, out _);
        return new CohenKappaResult(KrippendorffAlpha.Finite(unweighted), null, null);

        int Code(string label)
        {
            if (!codes.TryGetValue(label, out var code))
            {
                code = codes.Count;
                codes.Add(label, code);
            }

            return code;
        }
    }

    /// <summary>
    /// κ from a contingency table: <c>table[i, j]</c> items got category i from the first rater and j from the second.
    /// <paramref name="values"/> are the categories' numeric values for the weighted forms (default 0, 1, 2, …).
    /// </summary>
    public static CohenKappaResult FromTable(long[,] table, IReadOnlyList<double>? values = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var size = table.GetLength(0);
        if (table.GetLength(1) != size)
        {
            throw new ArgumentException("The contingency table must be square.", nameof(table));
        }

        var points = values?.ToArray() ?? [.. Enumerable.Range(0, size).Select(i => (double)i)];
        if (points.Length != size)
        {
            throw new ArgumentException("One value per category is needed.", nameof(values));
        }

        for (var i = 1; i < points.Length; i++)
        {
            if (!(points[i] > points[i - 1]))
            {
                throw new ArgumentException("Category values must be strictly increasing.", nameof(values));
            }
        }

        var x = new List<int>();
        var y = new List<int>();
        var multiplicity = new List<int>();
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                var count = table[i, j];
                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(table));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(count, int.MaxValue, nameof(table));
                if (count > 0)
                {
                    x.Add(i);
                    y.Add(j);
                    multiplicity.Add((int)count);
                }
            }
        }

        PairMath.Kappa(x.ToArray(), y.ToArray(), multiplicity.ToArray(), points, new PairScratch(size), out var unweighted, out var linear, out var quadratic);
        return new CohenKappaResult(KrippendorffAlpha.Finite(unweighted), KrippendorffAlpha.Finite(linear), KrippendorffAlpha.Finite(quadratic));
    }

    /// <summary>Codes two numeric sequences over their common sorted set of distinct values.</summary>
    internal static (int[] X, int[] Y, double[] Values) Encode(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameLength(a.Count, b.Count);
        if (a.Concat(b).Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Labels must be finite numbers.");
        }

        var values = a.Concat(b).Select(v => v == 0 ? 0 : v).Distinct().Order().ToArray();
        var x = a.Select(v => Array.BinarySearch(values, v == 0 ? 0 : v)).ToArray();
        var y = b.Select(v => Array.BinarySearch(values, v == 0 ? 0 : v)).ToArray();
        return (x, y, values);
    }

    private static void RequireSameLength(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"The two raters must label the same items (got {a} and {b} labels).");
        }
    }
}
