using System.Numerics;

namespace MidTrain.Verifiers.Math;

// Equations, inequalities and equality chains (see the summary in Equivalence.cs).
internal sealed partial class Equivalence
{
    /// <summary>
    /// A gold relation: against a relation, as relations; a gold equality by the value it assigns; any other relation
    /// against a set by the set it describes.
    /// </summary>
    private bool GoldRelationEqual(RelationExpr gr, Expr p)
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

    /// <summary>A predicted relation against a gold that is not one: an equality by its last side, else (when allowed) by the set it describes.</summary>
    private bool PredictionRelationEqual(Expr g, RelationExpr pr)
    {
        if (IsEqualityChain(pr, out var pops))
        {
            // "Last = is considered": k = 1/3 answers 1/3.
            return Equal(g, pops[^1]);
        }

        return _allowSetRelation && IsSetLike(g) && RelationVsSet(pr, g);
    }

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
        var vars = FreeSymbols(g, p);
        if (vars.Count == 0)
        {
            return null;
        }

        Complex? ratio = null;
        var valid = 0;
        for (var k = 0; k < Points; k++)
        {
            var (a, b) = AtPoint(g, p, vars, k);
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
}
