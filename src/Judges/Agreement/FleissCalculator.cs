namespace MidTrain.Judges.Agreement;

/// <summary>
/// Fleiss' κ = (P̄ − P_e)/(1 − P_e) over items with m labels each, for all items or a weighted multiset of them (the
/// bootstrap). Assumes <see cref="FleissKappa.Applicability"/> passed. Holds scratch arrays: one instance per thread.
/// </summary>
internal sealed class FleissCalculator
{
    private readonly ItemCategoryCounts _counts;
    private readonly double[] _itemAgreement;
    private readonly double[] _categoryTotals;
    private readonly int _m;

    public FleissCalculator(ItemCategoryCounts counts)
    {
        _counts = counts;
        _m = counts.Labels[0];
        _categoryTotals = new double[counts.CategoryCount];
        _itemAgreement = new double[counts.ItemCount];
        for (var u = 0; u < counts.ItemCount; u++)
        {
            double squares = 0;
            for (var e = counts.Offsets[u]; e < counts.Offsets[u + 1]; e++)
            {
                double a = counts.Counts[e];
                squares += a * a;
            }

            _itemAgreement[u] = (squares - _m) / ((double)_m * (_m - 1));
        }
    }

    /// <summary>κ of all items (<paramref name="itemWeights"/> null) or of items repeated by their weights; NaN if undefined.</summary>
    public double Evaluate(int[]? itemWeights)
    {
        Array.Clear(_categoryTotals);
        double items = 0;
        double agreement = 0;
        for (var u = 0; u < _counts.ItemCount; u++)
        {
            var w = itemWeights is null ? 1 : itemWeights[u];
            if (w == 0)
            {
                continue;
            }

            items += w;
            agreement += w * _itemAgreement[u];
            for (var e = _counts.Offsets[u]; e < _counts.Offsets[u + 1]; e++)
            {
                _categoryTotals[_counts.Categories[e]] += (double)w * _counts.Counts[e];
            }
        }

        if (items == 0)
        {
            return double.NaN;
        }

        var labels = items * _m;
        double expected = 0;
        var present = 0;
        foreach (var total in _categoryTotals)
        {
            if (total > 0)
            {
                present++;
                var p = total / labels;
                expected += p * p;
            }
        }

        if (present < 2)
        {
            return double.NaN;
        }

        var observed = agreement / items;
        return (observed - expected) / (1 - expected);
    }
}
