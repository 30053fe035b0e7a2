using System.Numerics;
using System.Runtime.CompilerServices;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Decides whether a predicted answer tree matches a gold one, gold-guided and asymmetric in the manner of Math-Verify:
/// exact rational comparison where both sides are exact, rounding to the configured precision when a side is a decimal,
/// evaluation at fixed pseudo-random points for expressions with variables, element-wise comparison of tuples, sets,
/// intervals and matrices, and relations compared as relations, by their value, or as the set they describe.
/// One instance per check; not thread-safe.
/// <para>
/// The comparison is split by concept: this file dispatches on the shapes of the two trees and compares values;
/// <c>Equivalence.Collections.cs</c> holds sets, lists, tuples, intervals, unions and matrices;
/// <c>Equivalence.Relations.cs</c> equations, inequalities and equality chains; <c>Equivalence.SolutionSets.cs</c> the set
/// a one-variable relation describes, probed point by point; <c>Equivalence.Text.cs</c> answers written as words.
/// </para>
/// </summary>
internal sealed partial class Equivalence
{
    private const int Points = 6;
    private const int MaxDepth = 40;

    private static readonly IReadOnlyDictionary<string, Complex> Empty = new Dictionary<string, Complex>();

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

    /// <summary>Dispatches on the shapes of the two trees; the order of the checks decides which rule a mixed pair meets.</summary>
    private bool EqualCore(Expr g, Expr p)
    {
        g = WithAlternatives(Unwrap(g));
        p = WithAlternatives(Unwrap(p));
        if (g is SetExpr gs)
        {
            return GoldSetEqual(gs, p);
        }

        if (p is SetExpr ps)
        {
            return PredictionSetEqual(g, ps);
        }

        if (g is RelationExpr gr)
        {
            return GoldRelationEqual(gr, p);
        }

        if (p is RelationExpr pr)
        {
            return PredictionRelationEqual(g, pr);
        }

        if (g is TextExpr || p is TextExpr)
        {
            return TextEqual(g, p);
        }

        return g switch
        {
            IntervalExpr gi => IntervalEqual(gi, p),
            TupleExpr gt => TupleEqual(gt, p),
            UnionExpr gu => UnionEqual(gu, p),
            MatrixExpr gm => MatrixEqual(gm, p),
            _ => ValueEqual(g, p),
        };
    }

    /// <summary>"x ∈ S" answers S.</summary>
    private static Expr Unwrap(Expr e) => e is ElementOfExpr el ? el.Set : e;

    /// <summary>A tree with ± in it as its alternatives (<see cref="AsAlternatives"/>); any other tree as it is.</summary>
    private Expr WithAlternatives(Expr e) => ExprTools.Contains<PlusMinusExpr>(e) ? AsAlternatives(e) : e;

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

    /// <summary>Numbers and expressions: never an interval, tuple, union or matrix; scalars by value; anything else by canonical form.</summary>
    private bool ValueEqual(Expr g, Expr p)
    {
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

    /// <summary>
    /// Scalars, as Math-Verify compares them: when a side is a number written with a decimal point (or a percentage of
    /// one), both are rounded to the precision (<see cref="DecimalRounding"/>); other numbers compare exactly; other
    /// constant expressions by value (double evaluation standing in for SymPy's symbolic zero test); expressions with
    /// variables at sample points, without rounding — Math-Verify simplifies their difference, so 2.0000001x ≠ 2x.
    /// </summary>
    private bool ScalarEqual(Expr g, Expr p)
    {
        var vars = FreeSymbols(g, p);
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
            var (a, b) = AtPoint(g, p, vars, k);
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

    /// <summary>The variables of either side.</summary>
    private static SortedSet<string> FreeSymbols(Expr g, Expr p)
    {
        var vars = ExprTools.FreeSymbols(g);
        vars.UnionWith(ExprTools.FreeSymbols(p));
        return vars;
    }

    /// <summary>Both sides' values at sample point <paramref name="k"/> (see <see cref="Env"/>).</summary>
    private (Complex G, Complex P) AtPoint(Expr g, Expr p, SortedSet<string> vars, int k)
    {
        var env = Env(vars, k);
        return (Evaluator.Numeric(g, env, _budget), Evaluator.Numeric(p, env, _budget));
    }

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
}
