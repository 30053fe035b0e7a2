using System.Text;

namespace MidTrain.Verifiers.Math;

/// <summary>Structural helpers over <see cref="Expr"/> trees: canonical text, free symbols, substitution, ± expansion.</summary>
internal static class ExprTools
{
    private const int MaxAlternatives = 16;

    /// <summary>An order-independent text form: equal strings mean structurally equal trees up to commutativity.</summary>
    public static string Canonical(Expr e, CheckBudget budget)
    {
        var sb = new StringBuilder();
        Write(e, sb, budget);
        return sb.ToString();
    }

    private static void Write(Expr e, StringBuilder sb, CheckBudget budget)
    {
        budget.Step();
        switch (e)
        {
            case NumExpr n:
                sb.Append(n.Value.ToString());
                break;
            case SymExpr s:
                sb.Append(s.Name);
                break;
            case ConstExpr c:
                sb.Append('#').Append(c.Kind);
                break;
            case AddExpr a:
                WriteSorted("+", a.Terms, sb, budget);
                break;
            case MulExpr m:
                WriteSorted("*", m.Factors, sb, budget);
                break;
            case NegExpr n:
                sb.Append("-(");
                Write(n.Operand, sb, budget);
                sb.Append(')');
                break;
            case PercentExpr pc:
                WriteOrdered("pct", [pc.Operand], sb, budget);
                break;
            case DivExpr d:
                WriteOrdered("/", [d.Numerator, d.Denominator], sb, budget);
                break;
            case PowExpr p:
                WriteOrdered("^", [p.Base, p.Exponent], sb, budget);
                break;
            case FuncExpr f:
                WriteOrdered(f.Name, f.Args, sb, budget);
                break;
            case PlusMinusExpr pm:
                WriteOrdered("pm", pm.Left is null ? [pm.Right] : [pm.Left, pm.Right], sb, budget);
                break;
            case TupleExpr t:
                WriteOrdered("tuple", t.Items, sb, budget);
                break;
            case SetExpr s:
                WriteSorted("set", s.Items, sb, budget);
                break;
            case IntervalExpr i:
                sb.Append(i.LowOpen ? '(' : '[');
                Write(i.Low, sb, budget);
                sb.Append(',');
                Write(i.High, sb, budget);
                sb.Append(i.HighOpen ? ')' : ']');
                break;
            case UnionExpr u:
                WriteSorted("union", u.Parts, sb, budget);
                break;
            case MatrixExpr m:
                sb.Append("mat(");
                foreach (var row in m.Rows)
                {
                    WriteOrdered("row", row, sb, budget);
                }

                sb.Append(')');
                break;
            case RelationExpr r:
                sb.Append("rel(");
                for (var k = 0; k < r.Operands.Length; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(' ').Append(r.Ops[k - 1]).Append(' ');
                    }

                    Write(r.Operands[k], sb, budget);
                }

                sb.Append(')');
                break;
            case ElementOfExpr el:
                WriteOrdered("in", [el.Element, el.Set], sb, budget);
                break;
            case RatioExpr r:
                WriteOrdered("ratio", [r.Left, r.Right], sb, budget);
                break;
            case TextExpr t:
                sb.Append("text(").Append(t.Text).Append(')');
                break;
        }
    }

    private static void WriteOrdered(string head, Expr[] items, StringBuilder sb, CheckBudget budget)
    {
        sb.Append(head).Append('(');
        for (var k = 0; k < items.Length; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            Write(items[k], sb, budget);
        }

        sb.Append(')');
    }

    private static void WriteSorted(string head, Expr[] items, StringBuilder sb, CheckBudget budget)
    {
        var parts = new string[items.Length];
        for (var k = 0; k < items.Length; k++)
        {
            parts[k] = Canonical(items[k], budget);
        }

        Array.Sort(parts, StringComparer.Ordinal);
        sb.Append(head).Append('(').AppendJoin(",", parts).Append(')');
    }

    /// <summary>Height of the tree, computed without recursion (left-deep chains like 1/2/3/… are built iteratively).</summary>
    public static int Depth(Expr root)
    {
        var max = 0;
        var stack = new Stack<(Expr Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            max = System.Math.Max(max, depth);
            foreach (var child in Children(node))
            {
                stack.Push((child, depth + 1));
            }
        }

        return max;
    }

    /// <summary>Names of the free symbols (variables) in <paramref name="e"/>.</summary>
    public static SortedSet<string> FreeSymbols(Expr e)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        Visit(e, x =>
        {
            if (x is SymExpr s)
            {
                set.Add(s.Name);
            }
        });
        return set;
    }

    public static bool ContainsDecimal(Expr e)
    {
        var found = false;
        Visit(e, x => found |= x is NumExpr { IsDecimal: true });
        return found;
    }

    public static bool Contains<T>(Expr e)
        where T : Expr
    {
        var found = false;
        Visit(e, x => found |= x is T);
        return found;
    }

    /// <summary>True when the tree is a plain scalar expression (no sets, tuples, relations, matrices or text).</summary>
    public static bool IsScalar(Expr e)
    {
        var ok = true;
        Visit(e, x => ok &= x is not (TupleExpr or SetExpr or IntervalExpr or UnionExpr or MatrixExpr or RelationExpr or ElementOfExpr or TextExpr));
        return ok;
    }

    public static IEnumerable<Expr> Children(Expr e) => e switch
    {
        AddExpr a => a.Terms,
        MulExpr m => m.Factors,
        NegExpr n => [n.Operand],
        PercentExpr pc => [pc.Operand],
        DivExpr d => [d.Numerator, d.Denominator],
        PowExpr p => [p.Base, p.Exponent],
        FuncExpr f => f.Args,
        PlusMinusExpr pm => pm.Left is null ? [pm.Right] : [pm.Left, pm.Right],
        TupleExpr t => t.Items,
        SetExpr s => s.Items,
        IntervalExpr i => [i.Low, i.High],
        UnionExpr u => u.Parts,
        MatrixExpr m => m.Rows.SelectMany(r => r),
        RelationExpr r => r.Operands,
        ElementOfExpr el => [el.Element, el.Set],
        RatioExpr r => [r.Left, r.Right],
        _ => [],
    };

    public static void Visit(Expr e, Action<Expr> action)
    {
        action(e);
        foreach (var c in Children(e))
        {
            Visit(c, action);
        }
    }

    /// <summary>Rebuilds <paramref name="e"/> with <paramref name="map"/> applied bottom-up (map returns null to keep a node).</summary>
    public static Expr Rewrite(Expr e, Func<Expr, Expr?> map)
    {
        Expr rebuilt = e switch
        {
            AddExpr a => new AddExpr([.. a.Terms.Select(t => Rewrite(t, map))]),
            MulExpr m => new MulExpr([.. m.Factors.Select(t => Rewrite(t, map))]),
            NegExpr n => new NegExpr(Rewrite(n.Operand, map)),
            PercentExpr pc => new PercentExpr(Rewrite(pc.Operand, map)),
            DivExpr d => new DivExpr(Rewrite(d.Numerator, map), Rewrite(d.Denominator, map)),
            PowExpr p => new PowExpr(Rewrite(p.Base, map), Rewrite(p.Exponent, map)),
            FuncExpr f => new FuncExpr(f.Name, [.. f.Args.Select(t => Rewrite(t, map))], f.IsUnknown),
            PlusMinusExpr pm => new PlusMinusExpr(pm.Left is null ? null : Rewrite(pm.Left, map), Rewrite(pm.Right, map)),
            TupleExpr t => new TupleExpr([.. t.Items.Select(x => Rewrite(x, map))], t.IsParenPair),
            SetExpr s => new SetExpr([.. s.Items.Select(x => Rewrite(x, map))], s.IsWrittenList),
            IntervalExpr i => new IntervalExpr(Rewrite(i.Low, map), Rewrite(i.High, map), i.LowOpen, i.HighOpen),
            UnionExpr u => new UnionExpr([.. u.Parts.Select(x => Rewrite(x, map))]),
            MatrixExpr m => new MatrixExpr([.. m.Rows.Select(r => r.Select(x => Rewrite(x, map)).ToArray())]),
            RelationExpr r => new RelationExpr([.. r.Operands.Select(x => Rewrite(x, map))], r.Ops),
            ElementOfExpr el => new ElementOfExpr(Rewrite(el.Element, map), Rewrite(el.Set, map)),
            RatioExpr r => new RatioExpr(Rewrite(r.Left, map), Rewrite(r.Right, map)),
            _ => e,
        };
        return map(rebuilt) ?? rebuilt;
    }

    /// <summary>The alternatives a ± expression stands for (a+b, a−b), at most 16; the tree itself when it has no ±.</summary>
    public static List<Expr> ExpandPlusMinus(Expr e, CheckBudget budget)
    {
        var result = new List<Expr>();
        var work = new Stack<Expr>();
        work.Push(e);
        while (work.Count > 0)
        {
            budget.Step();
            var current = work.Pop();
            PlusMinusExpr? target = null;
            Visit(current, x => target ??= x as PlusMinusExpr);
            if (target is null)
            {
                result.Add(current);
                if (result.Count > MaxAlternatives)
                {
                    throw new MathSyntaxException("too many ± alternatives");
                }

                continue;
            }

            var plus = target.Left is null ? target.Right : new AddExpr([target.Left, target.Right]);
            var minus = target.Left is null ? (Expr)new NegExpr(target.Right) : new AddExpr([target.Left, new NegExpr(target.Right)]);
            work.Push(ReplaceOnce(current, target, minus));
            work.Push(ReplaceOnce(current, target, plus));
        }

        return result;
    }

    private static Expr ReplaceOnce(Expr e, Expr target, Expr replacement) => SubstituteReference(e, target, replacement);

    private static Expr SubstituteReference(Expr e, Expr target, Expr replacement)
    {
        if (ReferenceEquals(e, target))
        {
            return replacement;
        }

        return e switch
        {
            AddExpr a => new AddExpr([.. a.Terms.Select(t => SubstituteReference(t, target, replacement))]),
            MulExpr m => new MulExpr([.. m.Factors.Select(t => SubstituteReference(t, target, replacement))]),
            NegExpr n => new NegExpr(SubstituteReference(n.Operand, target, replacement)),
            PercentExpr pc => new PercentExpr(SubstituteReference(pc.Operand, target, replacement)),
            DivExpr d => new DivExpr(SubstituteReference(d.Numerator, target, replacement), SubstituteReference(d.Denominator, target, replacement)),
            PowExpr p => new PowExpr(SubstituteReference(p.Base, target, replacement), SubstituteReference(p.Exponent, target, replacement)),
            FuncExpr f => new FuncExpr(f.Name, [.. f.Args.Select(t => SubstituteReference(t, target, replacement))], f.IsUnknown),
            PlusMinusExpr pm => new PlusMinusExpr(pm.Left is null ? null : SubstituteReference(pm.Left, target, replacement), SubstituteReference(pm.Right, target, replacement)),
            TupleExpr t => new TupleExpr([.. t.Items.Select(x => SubstituteReference(x, target, replacement))], t.IsParenPair),
            SetExpr s => new SetExpr([.. s.Items.Select(x => SubstituteReference(x, target, replacement))], s.IsWrittenList),
            IntervalExpr i => new IntervalExpr(SubstituteReference(i.Low, target, replacement), SubstituteReference(i.High, target, replacement), i.LowOpen, i.HighOpen),
            UnionExpr u => new UnionExpr([.. u.Parts.Select(x => SubstituteReference(x, target, replacement))]),
            MatrixExpr m => new MatrixExpr([.. m.Rows.Select(r => r.Select(x => SubstituteReference(x, target, replacement)).ToArray())]),
            RelationExpr r => new RelationExpr([.. r.Operands.Select(x => SubstituteReference(x, target, replacement))], r.Ops),
            ElementOfExpr el => new ElementOfExpr(SubstituteReference(el.Element, target, replacement), SubstituteReference(el.Set, target, replacement)),
            RatioExpr r => new RatioExpr(SubstituteReference(r.Left, target, replacement), SubstituteReference(r.Right, target, replacement)),
            _ => e,
        };
    }
}
