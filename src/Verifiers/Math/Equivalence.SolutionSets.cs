using System.Numerics;

namespace MidTrain.Verifiers.Math;

// The set a one-variable relation describes, probed at sample points (see the summary in Equivalence.cs).
internal sealed partial class Equivalence
{
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
}
