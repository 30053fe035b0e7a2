using System.Numerics;
using System.Runtime.CompilerServices;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Decides whether a predicted answer tree matches a gold one, gold-guided and asymmetric in the manner of Math-Verify:
/// exact rational comparison where both sides are exact, rounding to the configured precision when a side is a decimal,
/// evaluation at fixed pseudo-random points for expressions with variables, element-wise comparison of tuples, sets,
/// intervals and matrices, and relations compared as relations, by their value, or as the set they describe.
/// One instance per check; not thread-safe.
/// </summary>
internal sealed class Equivalence
{
    private const int Points = 6;
    private const int MaxDepth = 40;

    private readonly int _precision;
    private readonly bool _strict;
    private readonly bool _allowSetRelation;
    private readonly CheckBudget _budget;
    private int _depth;

    public Equivalence(int precision, bool strict, bool allowSetRelation, CheckBudget budget)
    {
        _precision = precision;
        _strict = strict;
        _allowSetRelation = allowSetRelation;
        _budget = budget;
    }

    /// <summary>Compares top-level answers; <paramref name="predRaw"/> is the prediction as written, for text answers.</summary>
    public bool AreEquivalent(Expr gold, Expr pred, string predRaw)
    {
        var goldPercent = Percentages.Contains(gold);
        var predPercent = Percentages.Contains(pred);
        if (goldPercent == predPercent)
        {
            return Compare(Percentages.AsValue(gold), Percentages.AsValue(pred), predRaw);
        }

        // One side written as a percentage: its value (50% = 0.5), or the number as written (see Percentages).
        return Compare(Percentages.AsValue(gold), Percentages.AsValue(pred), predRaw)
            || Compare(Percentages.AsWritten(gold), Percentages.AsWritten(pred), predRaw);
    }

    private bool Compare(Expr gold, Expr pred, string predRaw)
    {
        gold = MatrixAlgebra.Simplify(gold);
        pred = MatrixAlgebra.Simplify(pred);
        if (gold is TextExpr goldText && pred is not TextExpr)
        {
            return TextKey(goldText.Text) == TextKey(predRaw);
        }

        if (!_strict)
        {
            pred = RenameToGold(gold, pred);
        }

        return Equal(gold, pred);
    }

    private Expr RenameToGold(Expr gold, Expr pred)
    {
        var g = ExprTools.FreeSymbols(gold);
        var p = ExprTools.FreeSymbols(pred);
        if (g.SetEquals(p) || g.Count != p.Count || g.Count == 0)
        {
            return pred;
        }

        var map = p.Zip(g).ToDictionary(t => t.First, t => t.Second, StringComparer.Ordinal);
        return ExprTools.Rewrite(pred, x => x is SymExpr s && map.TryGetValue(s.Name, out var to) ? new SymExpr(to) : null);
    }

    private bool Equal(Expr g, Expr p)
    {
        _budget.Step();
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > MaxDepth)
        {
            _depth--;
            return false;
        }

        try
        {
            return EqualCore(g, p);
        }
        finally
        {
            _depth--;
        }
    }

    private bool EqualCore(Expr g, Expr p)
    {
        g = Unwrap(g);
        p = Unwrap(p);
        if (ExprTools.Contains<PlusMinusExpr>(g))
        {
            g = AsAlternatives(g);
        }

        if (ExprTools.Contains<PlusMinusExpr>(p))
        {
            p = AsAlternatives(p);
        }

        if (g is SetExpr gs)
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
                return Equal(g, pops[^1]);
            }

            return false;
        }

        if (p is SetExpr pset)
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
                    return AssignedValue(grel, gops) is { } value && Equal(value, p);
                }

                return RelationVsSet(grel, pset);
            }

            return false;
        }

        if (g is RelationExpr gr)
        {
            if (p is RelationExpr prr)
            {
                return RelationsEqual(gr, prr);
            }

            if (IsEqualityChain(gr, out var gops))
            {
                return AssignedValue(gr, gops) is { } value && Equal(value, p);
            }

            return IsSetLike(p) && RelationVsSet(gr, p);
        }

        if (p is RelationExpr pr2)
        {
            if (IsEqualityChain(pr2, out var pops))
            {
                // "Last = is considered": k = 1/3 answers 1/3.
                return Equal(g, pops[^1]);
            }

            return _allowSetRelation && IsSetLike(g) && RelationVsSet(pr2, g);
        }

        if (g is TextExpr || p is TextExpr)
        {
            return Spell(g) is { } gt && Spell(p) is { } pt && TextKey(gt) == TextKey(pt);
        }

        switch (g)
        {
            case IntervalExpr gi:
                return p switch
                {
                    IntervalExpr pi => gi.LowOpen == pi.LowOpen && gi.HighOpen == pi.HighOpen && Equal(gi.Low, pi.Low) && Equal(gi.High, pi.High),
                    TupleExpr { IsParenPair: true } pt => gi.LowOpen && gi.HighOpen && Equal(gi.Low, pt.Items[0]) && Equal(gi.High, pt.Items[1]),
                    UnionExpr { Parts.Length: 1 } pu => Equal(g, pu.Parts[0]),
                    _ => false,
                };
            case TupleExpr gt2:
                return p switch
                {
                    TupleExpr pt => pt.Items.Length == gt2.Items.Length && ElementwiseEqual(gt2.Items, pt.Items),
                    IntervalExpr { LowOpen: true, HighOpen: true } pi when gt2.IsParenPair => Equal(gt2.Items[0], pi.Low) && Equal(gt2.Items[1], pi.High),
                    _ => false,
                };
            case UnionExpr gu:
                return p switch
                {
                    UnionExpr pu => SetsEqual(gu.Parts, pu.Parts),
                    _ => gu.Parts.Length == 1 && Equal(gu.Parts[0], p),
                };
            case MatrixExpr gm:
                // Matrices match matrices of the same shape, entry by entry (any bracket style). As in Math-Verify, a
                // vector never matches a tuple: (2, -1) does not answer a column vector, nor a 2×2 matrix a 4-tuple.
                return p is MatrixExpr pmx && gm.Rows.Length == pmx.Rows.Length && gm.Rows[0].Length == pmx.Rows[0].Length
                    && ElementwiseEqual([.. gm.Rows.SelectMany(r => r)], [.. pmx.Rows.SelectMany(r => r)]);
        }

        if (p is IntervalExpr or TupleExpr or UnionExpr or MatrixExpr)
        {
            return false;
        }

        if (ExprTools.IsScalar(g) && ExprTools.IsScalar(p))
        {
            return ScalarEqual(g, p);
        }

        return ExprTools.Canonical(g, _budget) == ExprTools.Canonical(p, _budget);
    }

    /// <summary>"x ∈ S" answers S.</summary>
    private static Expr Unwrap(Expr e) => e is ElementOfExpr el ? el.Set : e;

    private Expr AsAlternatives(Expr e)
    {
        if (e is SetExpr s)
        {
            return new SetExpr([.. s.Items.SelectMany(i => ExprTools.Contains<PlusMinusExpr>(i) && ExprTools.IsScalar(i) ? ExprTools.ExpandPlusMinus(i, _budget) : [i])]);
        }

        if (!ExprTools.IsScalar(e))
        {
            return e;
        }

        var alternatives = ExprTools.ExpandPlusMinus(e, _budget);
        return alternatives.Count == 1 ? alternatives[0] : new SetExpr([.. alternatives]);
    }

    private Expr[] Flatten(Expr[] items)
    {
        if (!items.Any(i => ExprTools.Contains<PlusMinusExpr>(i) || i is SetExpr))
        {
            return items;
        }

        var list = new List<Expr>();
        foreach (var item in items)
        {
            var x = ExprTools.Contains<PlusMinusExpr>(item) ? AsAlternatives(item) : item;
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

    private static readonly IReadOnlyDictionary<string, Complex> Empty = new Dictionary<string, Complex>();

    private static bool IsSetLike(Expr e) => e is IntervalExpr or UnionExpr or SetExpr or TupleExpr { IsParenPair: true };

    /// <summary>True when every operator of the chain is "=" (an "≈" after an "=" ends the chain there).</summary>
    private static bool IsEqualityChain(RelationExpr r, out Expr[] operands)
    {
        operands = r.Operands;
        var count = r.Ops.Length;
        for (var k = 0; k < r.Ops.Length; k++)
        {
            if (r.Ops[k] == RelOp.Approx)
            {
                count = k == 0 ? 1 : k;
                break;
            }
        }

        for (var k = 0; k < count; k++)
        {
            if (r.Ops[k] is not (RelOp.Eq or RelOp.Approx))
            {
                return false;
            }
        }

        operands = r.Operands[..(count + 1)];
        return true;
    }

    /// <summary>The value an equality states for the gold side: the end of a derivation chain, or the right side of an assignment.</summary>
    private static Expr? AssignedValue(RelationExpr r, Expr[] operands)
    {
        if (operands.Length >= 3)
        {
            return operands[^1];
        }

        return IsNameLike(operands[0]) ? operands[1] : null;
    }

    /// <summary>Left sides that name a quantity rather than compute one: x, a_3, f(x), |AB|, A:B, NO/BO, (p,q).</summary>
    private static bool IsNameLike(Expr e) => e switch
    {
        SymExpr => true,
        FuncExpr { IsUnknown: true } => true,
        FuncExpr { Name: "abs" } f => IsNameLike(f.Args[0]),
        MulExpr m => m.Factors.All(IsNameLike),
        DivExpr d => IsNameLike(d.Numerator) && IsNameLike(d.Denominator),
        RatioExpr r => IsNameLike(r.Left) && IsNameLike(r.Right),
        TupleExpr t => t.Items.All(IsNameLike),
        _ => false,
    };

    private bool RelationsEqual(RelationExpr g, RelationExpr p)
    {
        var gEq = IsEqualityChain(g, out var gops);
        var pEq = IsEqualityChain(p, out var pops);
        if (gEq && pEq)
        {
            var gAssign = gops.Length >= 3 || IsNameLike(gops[0]);
            var pAssign = pops.Length >= 3 || IsNameLike(pops[0]);
            if (gAssign && pAssign)
            {
                // Only plain variable names are compared: W(n) = 1 and W(x) = 1 state the same value.
                var lhsOk = !(gops[0] is SymExpr gs && pops[0] is SymExpr ps) || gs.Name == ps.Name;
                if (lhsOk && Equal(gops[^1], pops[^1]))
                {
                    return true;
                }
            }

            if (gops.Length == 2 && pops.Length == 2)
            {
                return EquationsProportional(gops, pops);
            }

            return false;
        }

        if (gEq != pEq)
        {
            return false;
        }

        // Inequalities: as truth tables over one variable, else constraint by constraint.
        var gAtoms = Atoms(g);
        var pAtoms = Atoms(p);
        if (gAtoms.Count == 1 && pAtoms.Count == 1 && gAtoms.Keys.First() == pAtoms.Keys.First())
        {
            var t = new SymExpr("#t");
            var gSub = Substitute(g, gAtoms.Keys.First(), t);
            var pSub = Substitute(p, pAtoms.Keys.First(), t);
            var points = SamplePoints([gSub, pSub]);
            foreach (var x in points)
            {
                if (Holds(gSub, x) != Holds(pSub, x))
                {
                    return false;
                }
            }

            return points.Count > 0;
        }

        return ConstraintsProportional(g, p);
    }

    private bool EquationsProportional(Expr[] g, Expr[] p)
    {
        var gd = new AddExpr([g[0], new NegExpr(g[1])]);
        var pd = new AddExpr([p[0], new NegExpr(p[1])]);
        if (!ExprTools.IsScalar(gd) || !ExprTools.IsScalar(pd))
        {
            return ExprTools.Canonical(gd, _budget) == ExprTools.Canonical(pd, _budget);
        }

        return Ratio(gd, pd) is { } r && r != Complex.Zero;
    }

    /// <summary>The constant ratio g/p over the sample points, or null when it is not constant.</summary>
    private Complex? Ratio(Expr g, Expr p)
    {
        var vars = ExprTools.FreeSymbols(g);
        vars.UnionWith(ExprTools.FreeSymbols(p));
        if (vars.Count == 0)
        {
            return null;
        }

        Complex? ratio = null;
        var valid = 0;
        for (var k = 0; k < Points; k++)
        {
            var env = Env(vars, k);
            var a = Evaluator.Numeric(g, env, _budget);
            var b = Evaluator.Numeric(p, env, _budget);
            if (!Finite(a) || !Finite(b) || Complex.Abs(b) < 1e-12)
            {
                continue;
            }

            var r = a / b;
            if (ratio is { } prev && Complex.Abs(r - prev) > 1e-8 * System.Math.Max(1, Complex.Abs(prev)))
            {
                return null;
            }

            ratio ??= r;
            valid++;
        }

        return valid >= 3 ? ratio : null;
    }

    private bool ConstraintsProportional(RelationExpr g, RelationExpr p)
    {
        var gc = Constraints(g);
        var pc = Constraints(p);
        if (gc.Count != pc.Count)
        {
            return false;
        }

        var used = new bool[pc.Count];
        foreach (var (op, diff) in gc)
        {
            var found = false;
            for (var j = 0; j < pc.Count && !found; j++)
            {
                if (used[j] || pc[j].Op != op)
                {
                    continue;
                }

                if (Ratio(diff, pc[j].Diff) is { } r && Complex.Abs(r) > 1e-12 && (op is RelOp.Eq or RelOp.Ne || (r.Imaginary == 0 && r.Real > 0)))
                {
                    used[j] = true;
                    found = true;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each link of the chain as "diff op 0" with op in {&lt;, ≤, =, ≠}.</summary>
    private static List<(RelOp Op, Expr Diff)> Constraints(RelationExpr r)
    {
        var list = new List<(RelOp, Expr)>();
        for (var k = 0; k < r.Ops.Length; k++)
        {
            var a = r.Operands[k];
            var b = r.Operands[k + 1];
            list.Add(r.Ops[k] switch
            {
                RelOp.Lt => (RelOp.Lt, Diff(a, b)),
                RelOp.Le => (RelOp.Le, Diff(a, b)),
                RelOp.Gt => (RelOp.Lt, Diff(b, a)),
                RelOp.Ge => (RelOp.Le, Diff(b, a)),
                RelOp.Ne => (RelOp.Ne, Diff(a, b)),
                _ => (RelOp.Eq, Diff(a, b)),
            });
        }

        return list;
    }

    private static Expr Diff(Expr a, Expr b) => new AddExpr([a, new NegExpr(b)]);

    /// <summary>Compares the set a one-variable relation describes with an explicit set, point by point.</summary>
    private bool RelationVsSet(RelationExpr r, Expr set)
    {
        var atoms = Atoms(r);
        if (atoms.Count != 1 || IsEqualityChain(r, out _))
        {
            return false;
        }

        var t = new SymExpr("#t");
        var sub = Substitute(r, atoms.Keys.First(), t);
        var points = SamplePoints([sub, set]);
        foreach (var x in points)
        {
            var inSet = Member(set, x);
            if (inSet is null || inSet.Value != Holds(sub, x))
            {
                return false;
            }
        }

        return points.Count > 0;
    }

    private bool? Member(Expr set, double x)
    {
        switch (set)
        {
            case IntervalExpr i:
                return InInterval(i.Low, i.High, i.LowOpen, i.HighOpen, x);
            case TupleExpr { IsParenPair: true } t:
                return InInterval(t.Items[0], t.Items[1], true, true, x);
            case UnionExpr u:
            {
                var any = false;
                foreach (var part in u.Parts)
                {
                    var m = Member(part, x);
                    if (m is null)
                    {
                        return null;
                    }

                    any |= m.Value;
                }

                return any;
            }

            case SetExpr s:
                foreach (var item in s.Items)
                {
                    var v = Evaluator.Numeric(item, Empty, _budget);
                    if (!Finite(v) || v.Imaginary != 0)
                    {
                        return null;
                    }

                    if (Close(v.Real, x))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return null;
        }
    }

    private bool? InInterval(Expr low, Expr high, bool lowOpen, bool highOpen, double x)
    {
        var lo = Evaluator.Numeric(low, Empty, _budget);
        var hi = Evaluator.Numeric(high, Empty, _budget);
        if (lo.Imaginary != 0 || hi.Imaginary != 0 || double.IsNaN(lo.Real) || double.IsNaN(hi.Real))
        {
            return null;
        }

        var aboveLow = lowOpen ? x > lo.Real && !Close(x, lo.Real) : x > lo.Real || Close(x, lo.Real);
        var belowHigh = highOpen ? x < hi.Real && !Close(x, hi.Real) : x < hi.Real || Close(x, hi.Real);
        return aboveLow && belowHigh;
    }

    private bool Holds(RelationExpr r, double x)
    {
        var env = new Dictionary<string, Complex>(StringComparer.Ordinal) { ["#t"] = x };
        var values = new double[r.Operands.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var v = Evaluator.Numeric(r.Operands[k], env, _budget);
            if (double.IsNaN(v.Real) || System.Math.Abs(v.Imaginary) > 1e-12)
            {
                return false;
            }

            values[k] = v.Real;
        }

        for (var k = 0; k < r.Ops.Length; k++)
        {
            var a = values[k];
            var b = values[k + 1];
            var eq = Close(a, b);
            var ok = r.Ops[k] switch
            {
                RelOp.Lt => a < b && !eq,
                RelOp.Le => a < b || eq,
                RelOp.Gt => a > b && !eq,
                RelOp.Ge => a > b || eq,
                RelOp.Ne => !eq,
                _ => eq,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Close(double a, double b) =>
        a == b || (double.IsFinite(a) && double.IsFinite(b)
            && System.Math.Abs(a - b) <= 1e-10 * System.Math.Max(1, System.Math.Max(System.Math.Abs(a), System.Math.Abs(b))));

    /// <summary>
    /// Candidate points: the constants of the trees (numbers, constant operands, set ends and items), their negations,
    /// sums and differences of pairs (so |x−3| &lt; 2 is probed at 1 and 5), each with points just around it, plus a grid.
    /// </summary>
    private List<double> SamplePoints(Expr[] trees)
    {
        var constants = new SortedSet<double> { 0, 1, -1, 0.5, -0.5, 2, -2, 3.7, -3.7, 10, -10, 1e3, -1e3, 1e6, -1e6 };
        var found = new SortedSet<double>();
        foreach (var tree in trees)
        {
            ExprTools.Visit(tree, x =>
            {
                IEnumerable<Expr> parts = x switch
                {
                    NumExpr => [x],
                    RelationExpr r => r.Operands,
                    IntervalExpr i => [i.Low, i.High],
                    SetExpr s => s.Items,
                    TupleExpr t => t.Items,
                    _ => [],
                };
                foreach (var part in parts)
                {
                    if (found.Count >= 16 || (part is not NumExpr && ExprTools.FreeSymbols(part).Count > 0))
                    {
                        continue;
                    }

                    var v = Evaluator.Numeric(part, Empty, _budget);
                    if (Finite(v) && v.Imaginary == 0)
                    {
                        found.Add(v.Real);
                        found.Add(-v.Real);
                    }
                }
            });
        }

        constants.UnionWith(found);
        foreach (var a in found)
        {
            foreach (var b in found)
            {
                _budget.Step();
                constants.Add(a + b);
            }
        }

        var points = new List<double>(constants.Count * 3);
        foreach (var c in constants)
        {
            var d = 1e-6 * System.Math.Max(1, System.Math.Abs(c));
            points.Add(c);
            points.Add(c - d);
            points.Add(c + d);
        }

        return points;
    }

    /// <summary>The distinct variables of a relation: symbols and unknown-function applications such as f(x).</summary>
    private Dictionary<string, Expr> Atoms(Expr e)
    {
        var atoms = new Dictionary<string, Expr>(StringComparer.Ordinal);
        Collect(e);
        return atoms;

        void Collect(Expr x)
        {
            switch (x)
            {
                case SymExpr s:
                    atoms.TryAdd(s.Name, s);
                    return;
                case FuncExpr { IsUnknown: true } f:
                    atoms.TryAdd(ExprTools.Canonical(f, _budget), f);
                    return;
            }

            foreach (var c in ExprTools.Children(x))
            {
                Collect(c);
            }
        }
    }

    private RelationExpr Substitute(RelationExpr r, string atomKey, Expr replacement) =>
        (RelationExpr)ExprTools.Rewrite(r, x => x switch
        {
            SymExpr s when s.Name == atomKey => replacement,
            FuncExpr { IsUnknown: true } f when ExprTools.Canonical(f, _budget) == atomKey => replacement,
            _ => null,
        });

    /// <summary>
    /// Scalars, as Math-Verify compares them: when a side is a number written with a decimal point (or a percentage of
    /// one), both are rounded to the precision (<see cref="DecimalRounding"/>); other numbers compare exactly; other
    /// constant expressions by value (double evaluation standing in for SymPy's symbolic zero test); expressions with
    /// variables at sample points, without rounding — Math-Verify simplifies their difference, so 2.0000001x ≠ 2x.
    /// </summary>
    private bool ScalarEqual(Expr g, Expr p)
    {
        var vars = ExprTools.FreeSymbols(g);
        vars.UnionWith(ExprTools.FreeSymbols(p));
        if (vars.Count == 0)
        {
            var ge = Evaluator.TryExact(g, _budget);
            var pe = Evaluator.TryExact(p, _budget);
            var round = (ge is not null && ExprTools.ContainsDecimal(g)) || (pe is not null && ExprTools.ContainsDecimal(p));
            if (ge is { } a && pe is { } b)
            {
                return round ? DecimalRounding.Equal(a, default, b, default, _precision) : a == b;
            }

            var gv = Evaluator.Numeric(g, Empty, _budget);
            var pv = Evaluator.Numeric(p, Empty, _budget);
            if (IsInfinite(gv) || IsInfinite(pv))
            {
                return IsInfinite(gv) && IsInfinite(pv) && gv.Imaginary == 0 && pv.Imaginary == 0 && System.Math.Sign(gv.Real) == System.Math.Sign(pv.Real);
            }

            if (!Finite(gv) || !Finite(pv))
            {
                return ExprTools.Canonical(g, _budget) == ExprTools.Canonical(p, _budget);
            }

            if (round)
            {
                return DecimalRounding.Equal(ge, gv, pe, pv, _precision);
            }

            return Complex.Abs(gv - pv) <= 1e-9 * System.Math.Max(1, System.Math.Max(Complex.Abs(gv), Complex.Abs(pv)));
        }

        var valid = 0;
        for (var k = 0; k < Points; k++)
        {
            var env = Env(vars, k);
            var a = Evaluator.Numeric(g, env, _budget);
            var b = Evaluator.Numeric(p, env, _budget);
            var fa = Finite(a);
            var fb = Finite(b);
            if (fa != fb)
            {
                return false;
            }

            if (!fa)
            {
                continue;
            }

            if (Complex.Abs(a - b) > 1e-10 * System.Math.Max(1, System.Math.Max(Complex.Abs(a), Complex.Abs(b))))
            {
                return false;
            }

            valid++;
        }

        return valid >= 2 || ExprTools.Canonical(g, _budget) == ExprTools.Canonical(p, _budget);
    }

    private static bool Finite(Complex c) => double.IsFinite(c.Real) && double.IsFinite(c.Imaginary);

    private static bool IsInfinite(Complex c) => double.IsInfinity(c.Real) || double.IsInfinity(c.Imaginary);

    /// <summary>Deterministic sample point <paramref name="k"/>: each variable gets a value in (0.3, 2.0), away from common singularities.</summary>
    private static Dictionary<string, Complex> Env(SortedSet<string> vars, int k)
    {
        var env = new Dictionary<string, Complex>(StringComparer.Ordinal);
        var j = 0;
        foreach (var v in vars)
        {
            var h = System.Math.Sin((k + 1) * 12.9898 + (j + 1) * 78.233) * 43758.5453;
            env[v] = 0.3 + (h - System.Math.Floor(h)) * 1.7;
            j++;
        }

        return env;
    }

    /// <summary>A word as written (<c>odd</c> parses as o·d·d), or null when the tree is not a word.</summary>
    private static string? Spell(Expr e) => e switch
    {
        TextExpr t => t.Text,
        SymExpr s => s.Name,
        ConstExpr { Kind: ConstKind.E } => "e",
        ConstExpr { Kind: ConstKind.I } => "i",
        MulExpr m when m.Factors.Select(Spell).ToArray() is var parts && parts.All(p => p is not null) => string.Concat(parts),
        _ => null,
    };

    /// <summary>Text as compared: case-sensitive, ignoring spaces, braces, parentheses, dollars, periods, quotes and LaTeX text wrappers.</summary>
    private static string TextKey(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                var j = i + 1;
                while (j < s.Length && char.IsLetter(s[j]))
                {
                    j++;
                }

                var cmd = s[(i + 1)..j];
                if (cmd.StartsWith("text", StringComparison.Ordinal) || cmd.StartsWith("math", StringComparison.Ordinal) || cmd is "mbox" or "boxed")
                {
                    i = j;
                    continue;
                }

                sb.Append(s, i, j - i);
                i = j == i + 1 ? j + 1 : j;
                continue;
            }

            if (!(char.IsWhiteSpace(c) || c is '{' or '}' or '(' or ')' or '$' or '.' or '"'))
            {
                sb.Append(c);
            }

            i++;
        }

        return sb.ToString();
    }
}
