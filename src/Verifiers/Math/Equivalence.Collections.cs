namespace MidTrain.Verifiers.Math;

// Sets, lists, tuples, intervals, unions and matrices (see the summary in Equivalence.cs).
internal sealed partial class Equivalence
{
    /// <summary>
    /// A gold set or list: against a set, in the order written when both are lists of plain values, else as sets; a
    /// one-element set as its element; against a tuple, the set read in increasing order; against an equality chain,
    /// its last side.
    /// </summary>
    private bool GoldSetEqual(SetExpr gs, Expr p)
    {
        if (p is SetExpr ps)
        {
            if (gs.IsWrittenList && ps.IsWrittenList && gs.Items.All(IsPlainValue) && ps.Items.All(IsPlainValue))
            {
                // Two lists of plain values written out ("10, 4, -2") are compared in the order written.
                return ElementwiseEqual(gs.Items, ps.Items);
            }

            return SetsEqual(Distinct(Flatten(gs.Items)), Distinct(Flatten(ps.Items)));
        }

        if (gs.Items.Length == 1)
        {
            return Equal(gs.Items[0], p);
        }

        if (p is TupleExpr pt)
        {
            return TupleVsSet(pt.Items, gs.Items);
        }

        if (p is RelationExpr pr && IsEqualityChain(pr, out var pops))
        {
            return Equal(gs, pops[^1]);
        }

        return false;
    }

    /// <summary>
    /// A predicted set against a gold that is not one: a one-element set as its element; a gold tuple against the set
    /// read in increasing order; a gold equality by the value it assigns, any other gold relation by the set it describes.
    /// </summary>
    private bool PredictionSetEqual(Expr g, SetExpr pset)
    {
        if (pset.Items.Length == 1)
        {
            return Equal(g, pset.Items[0]);
        }

        if (g is TupleExpr gt)
        {
            return TupleVsSet(gt.Items, pset.Items);
        }

        if (g is RelationExpr grel)
        {
            if (IsEqualityChain(grel, out var gops))
            {
                return AssignedValue(grel, gops) is { } value && Equal(value, pset);
            }

            return RelationVsSet(grel, pset);
        }

        return false;
    }

    /// <summary>Intervals match intervals with the same ends and openness, an open one also the pair (a, b).</summary>
    private bool IntervalEqual(IntervalExpr gi, Expr p) => p switch
    {
        IntervalExpr pi => gi.LowOpen == pi.LowOpen && gi.HighOpen == pi.HighOpen && Equal(gi.Low, pi.Low) && Equal(gi.High, pi.High),
        TupleExpr { IsParenPair: true } pt => gi.LowOpen && gi.HighOpen && Equal(gi.Low, pt.Items[0]) && Equal(gi.High, pt.Items[1]),
        UnionExpr { Parts.Length: 1 } pu => Equal(gi, pu.Parts[0]),
        _ => false,
    };

    /// <summary>Tuples match tuples element by element; the pair (a, b) also the open interval (a, b).</summary>
    private bool TupleEqual(TupleExpr gt, Expr p) => p switch
    {
        TupleExpr pt => pt.Items.Length == gt.Items.Length && ElementwiseEqual(gt.Items, pt.Items),
        IntervalExpr { LowOpen: true, HighOpen: true } pi when gt.IsParenPair => Equal(gt.Items[0], pi.Low) && Equal(gt.Items[1], pi.High),
        _ => false,
    };

    /// <summary>Unions match unions part for part in any order; a one-part union is its part.</summary>
    private bool UnionEqual(UnionExpr gu, Expr p) => p switch
    {
        UnionExpr pu => SetsEqual(gu.Parts, pu.Parts),
        _ => gu.Parts.Length == 1 && Equal(gu.Parts[0], p),
    };

    /// <summary>
    /// Matrices match matrices of the same shape, entry by entry (any bracket style). As in Math-Verify, a vector never
    /// matches a tuple: (2, -1) does not answer a column vector, nor a 2×2 matrix a 4-tuple.
    /// </summary>
    private bool MatrixEqual(MatrixExpr gm, Expr p) =>
        p is MatrixExpr pmx && gm.Rows.Length == pmx.Rows.Length && gm.Rows[0].Length == pmx.Rows[0].Length
            && ElementwiseEqual([.. gm.Rows.SelectMany(r => r)], [.. pmx.Rows.SelectMany(r => r)]);

    private Expr[] Flatten(Expr[] items)
    {
        if (!items.Any(i => ExprTools.Contains<PlusMinusExpr>(i) || i is SetExpr))
        {
            return items;
        }

        var list = new List<Expr>();
        foreach (var item in items)
        {
            var x = WithAlternatives(item);
            if (x is SetExpr inner && item is not SetExpr)
            {
                list.AddRange(inner.Items);
            }
            else
            {
                list.Add(x);
            }
        }

        return [.. list];
    }

    private static bool IsPlainValue(Expr e) => ExprTools.IsScalar(e) && !ExprTools.Contains<PlusMinusExpr>(e);

    /// <summary>Set semantics: written duplicates count once.</summary>
    private Expr[] Distinct(Expr[] items)
    {
        if (items.Length < 2)
        {
            return items;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. items.Where(i => seen.Add(ExprTools.Canonical(i, _budget)))];
    }

    private bool ElementwiseEqual(Expr[] g, Expr[] p)
    {
        if (g.Length != p.Length)
        {
            return false;
        }

        for (var k = 0; k < g.Length; k++)
        {
            if (!Equal(g[k], p[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Order-insensitive matching: every gold element pairs with a distinct equal prediction element.</summary>
    private bool SetsEqual(Expr[] g, Expr[] p)
    {
        if (g.Length != p.Length)
        {
            return false;
        }

        if (g.Length > 8 && ExactValues(g) is { } ge && ExactValues(p) is { } pe)
        {
            // Long lists of exact numbers: compare sorted values instead of pairing every element with every other.
            Array.Sort(ge);
            Array.Sort(pe);
            return ge.SequenceEqual(pe);
        }

        var n = g.Length;
        var used = new bool[n];
        var cache = new bool?[n, n];
        return Match(0);

        bool Match(int i)
        {
            if (i == n)
            {
                return true;
            }

            for (var j = 0; j < n; j++)
            {
                if (used[j])
                {
                    continue;
                }

                cache[i, j] ??= Equal(g[i], p[j]);
                if (cache[i, j] == true)
                {
                    used[j] = true;
                    if (Match(i + 1))
                    {
                        return true;
                    }

                    used[j] = false;
                }
            }

            return false;
        }
    }

    private BigRational[]? ExactValues(Expr[] items)
    {
        var values = new BigRational[items.Length];
        for (var k = 0; k < items.Length; k++)
        {
            if (ExprTools.ContainsDecimal(items[k]) || Evaluator.TryExact(items[k], _budget) is not { } v)
            {
                return null;
            }

            values[k] = v;
        }

        return values;
    }

    /// <summary>A tuple against a set: the set read in increasing order ({1,3} matches (1,3), not (3,1)).</summary>
    private bool TupleVsSet(Expr[] tuple, Expr[] set)
    {
        if (tuple.Length != set.Length)
        {
            return false;
        }

        var keyed = new List<(double Key, Expr Item)>();
        foreach (var item in set)
        {
            var v = Evaluator.Numeric(item, Empty, _budget);
            if (v.Imaginary != 0 || double.IsNaN(v.Real))
            {
                return false;
            }

            keyed.Add((v.Real, item));
        }

        var sorted = keyed.OrderBy(k => k.Key).Select(k => k.Item).ToArray();
        return ElementwiseEqual(tuple, sorted);
    }

    private static bool IsSetLike(Expr e) => e is IntervalExpr or UnionExpr or SetExpr or TupleExpr { IsParenPair: true };
}
