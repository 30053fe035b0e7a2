using System.Numerics;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Evaluates scalar expression trees: exactly over <see cref="BigRational"/> where the value is rational and the sizes
/// stay bounded, and numerically over complex doubles otherwise (variables bound by an environment, unknown functions
/// replaced by a fixed pseudo-random function of their name). Every node visit is charged to the budget.
/// </summary>
internal static class Evaluator
{
    private const int MaxExactExponent = 4096;

    /// <summary>The exact rational value, or null when the value is irrational, symbolic or too large to compute.</summary>
    public static BigRational? TryExact(Expr e, CheckBudget budget)
    {
        budget.Step();
        switch (e)
        {
            case NumExpr n:
                return n.Value;
            case NegExpr neg:
                return TryExact(neg.Operand, budget) is { } negated ? -negated : null;
            case PercentExpr pc:
                return TryExact(pc.Operand, budget) is { } whole ? whole / BigRational.FromInteger(100) : null;
            case AddExpr add:
            {
                var sum = BigRational.Zero;
                foreach (var t in add.Terms)
                {
                    if (TryExact(t, budget) is not { } term)
                    {
                        return null;
                    }

                    sum += term;
                    if (sum.Bits > BigRational.MaxBits)
                    {
                        return null;
                    }
                }

                return sum;
            }

            case MulExpr mul:
            {
                var product = BigRational.One;
                foreach (var f in mul.Factors)
                {
                    if (TryExact(f, budget) is not { } factor)
                    {
                        return null;
                    }

                    product *= factor;
                    if (product.Bits > BigRational.MaxBits)
                    {
                        return null;
                    }
                }

                return product;
            }

            case DivExpr div:
            {
                if (TryExact(div.Numerator, budget) is not { } a || TryExact(div.Denominator, budget) is not { } b || b.IsZero)
                {
                    return null;
                }

                return a / b;
            }

            case PowExpr pow:
            {
                if (TryExact(pow.Base, budget) is not { } b || TryExact(pow.Exponent, budget) is not { } x)
                {
                    return null;
                }

                if (x.IsInteger)
                {
                    if (BigInteger.Abs(x.Numerator) > MaxExactExponent && !(BigInteger.Abs(b.Numerator).IsOne && b.Denominator.IsOne) && !b.IsZero)
                    {
                        return null;
                    }

                    return b.TryPow(x.Numerator, out var r) ? r : null;
                }

                // Rational exponent p/q: exact only for perfect q-th powers.
                if (x.Denominator > 64 || BigInteger.Abs(x.Numerator) > MaxExactExponent)
                {
                    return null;
                }

                if (!b.TryRoot((int)x.Denominator, out var root))
                {
                    return null;
                }

                return root.TryPow(x.Numerator, out var r2) ? r2 : null;
            }

            case FuncExpr { Name: "sqrt" } f:
                return TryExact(f.Args[0], budget) is { } s && s.TryRoot(2, out var sq) ? sq : null;
            case FuncExpr { Name: "root" } f:
            {
                if (TryExact(f.Args[0], budget) is not { } radicand || TryExact(f.Args[1], budget) is not { } idx || !idx.IsInteger
                    || idx.Numerator < 1 || idx.Numerator > 64)
                {
                    return null;
                }

                return radicand.TryRoot((int)idx.Numerator, out var rt) ? rt : null;
            }

            case FuncExpr { Name: "abs" } f:
                return TryExact(f.Args[0], budget) is { } a2 ? (a2.Sign < 0 ? -a2 : a2) : null;
            case FuncExpr { Name: "factorial" } f:
            {
                if (TryExact(f.Args[0], budget) is not { IsInteger: true } n || n.Sign < 0 || n.Numerator > 2000)
                {
                    return null;
                }

                BigInteger acc = 1;
                for (var k = 2; k <= (int)n.Numerator; k++)
                {
                    budget.Step();
                    acc *= k;
                }

                return BigRational.FromInteger(acc);
            }

            case FuncExpr { Name: "binom" } f:
            {
                if (TryExact(f.Args[0], budget) is not { IsInteger: true } n || TryExact(f.Args[1], budget) is not { IsInteger: true } k
                    || n.Sign < 0 || n.Numerator > 5000)
                {
                    return null;
                }

                if (k.Sign < 0 || k > n)
                {
                    return BigRational.Zero;
                }

                BigInteger acc = 1;
                var kk = (int)k.Numerator;
                var nn = n.Numerator;
                for (var j = 1; j <= kk; j++)
                {
                    budget.Step();
                    acc = acc * (nn - kk + j) / j;
                }

                return BigRational.FromInteger(acc);
            }

            case FuncExpr { Name: "floor" or "ceil" } f:
            {
                if (TryExact(f.Args[0], budget) is not { } arg)
                {
                    return null;
                }

                var q = BigInteger.Divide(arg.Numerator, arg.Denominator);
                var exact = q * arg.Denominator == arg.Numerator;
                if (!exact)
                {
                    if (f.Name == "floor" && arg.Sign < 0)
                    {
                        q -= 1;
                    }
                    else if (f.Name == "ceil" && arg.Sign > 0)
                    {
                        q += 1;
                    }
                }

                return BigRational.FromInteger(q);
            }

            case RatioExpr r:
            {
                if (TryExact(r.Left, budget) is not { } a || TryExact(r.Right, budget) is not { } b || b.IsZero)
                {
                    return null;
                }

                return a / b;
            }

            default:
                return null;
        }
    }

    /// <summary>Complex value at <paramref name="env"/>; NaN when undefined (division by zero, unknown node, overflow).</summary>
    public static Complex Numeric(Expr e, IReadOnlyDictionary<string, Complex> env, CheckBudget budget)
    {
        budget.Step();
        switch (e)
        {
            case NumExpr n:
                return n.Value.ToDouble();
            case SymExpr s:
                return env.TryGetValue(s.Name, out var v) ? v : Complex.NaN;
            case ConstExpr c:
                return c.Kind switch
                {
                    ConstKind.Pi => System.Math.PI,
                    ConstKind.E => System.Math.E,
                    ConstKind.I => Complex.ImaginaryOne,
                    _ => double.PositiveInfinity,
                };
            case NegExpr neg:
                return -Numeric(neg.Operand, env, budget);
            case PercentExpr pc:
                return Numeric(pc.Operand, env, budget) / 100;
            case AddExpr add:
            {
                Complex sum = 0;
                foreach (var t in add.Terms)
                {
                    sum += Numeric(t, env, budget);
                }

                return sum;
            }

            case MulExpr mul:
            {
                Complex product = 1;
                foreach (var f in mul.Factors)
                {
                    product *= Numeric(f, env, budget);
                }

                return product;
            }

            case DivExpr div:
            {
                var den = Numeric(div.Denominator, env, budget);
                if (den == Complex.Zero)
                {
                    return Complex.NaN;
                }

                return Numeric(div.Numerator, env, budget) / den;
            }

            case RatioExpr r:
            {
                var den = Numeric(r.Right, env, budget);
                return den == Complex.Zero ? Complex.NaN : Numeric(r.Left, env, budget) / den;
            }

            case PowExpr pow:
                return Power(Numeric(pow.Base, env, budget), pow.Exponent, env, budget);
            case FuncExpr f:
                return Function(f, env, budget);
            default:
                return Complex.NaN;
        }
    }

    private static Complex Power(Complex b, Expr exponentExpr, IReadOnlyDictionary<string, Complex> env, CheckBudget budget)
    {
        var x = Numeric(exponentExpr, env, budget);
        if (x.Imaginary == 0 && System.Math.Abs(x.Real) <= 64 && x.Real == System.Math.Round(x.Real))
        {
            // Integer powers by repeated multiplication keep negative bases real.
            var k = (int)System.Math.Abs(x.Real);
            Complex acc = 1;
            for (var j = 0; j < k; j++)
            {
                acc *= b;
            }

            return x.Real < 0 ? (acc == Complex.Zero ? Complex.NaN : 1 / acc) : acc;
        }

        if (b.Imaginary == 0 && b.Real < 0 && x.Imaginary == 0 && TryExactSmallRational(exponentExpr, budget) is { } q && !q.Denominator.IsEven)
        {
            // Odd roots of negative reals stay real: (-8)^(1/3) = -2.
            var magnitude = System.Math.Pow(-b.Real, x.Real);
            return q.Numerator.IsEven ? magnitude : -magnitude;
        }

        if (b == Complex.Zero)
        {
            return x.Real > 0 ? Complex.Zero : Complex.NaN;
        }

        return Complex.Pow(b, x);
    }

    private static BigRational? TryExactSmallRational(Expr e, CheckBudget budget)
    {
        var v = TryExact(e, budget);
        return v is { } r && r.Denominator < 1000 ? r : null;
    }

    private static Complex Function(FuncExpr f, IReadOnlyDictionary<string, Complex> env, CheckBudget budget)
    {
        if (f.IsUnknown)
        {
            return UnknownFunction(f, env, budget);
        }

        var a = Numeric(f.Args[0], env, budget);
        switch (f.Name)
        {
            case "sin": return Complex.Sin(a);
            case "cos": return Complex.Cos(a);
            case "tan": return Complex.Tan(a);
            case "sec": return 1 / Complex.Cos(a);
            case "csc": return 1 / Complex.Sin(a);
            case "cot": return 1 / Complex.Tan(a);
            case "arcsin": return Complex.Asin(a);
            case "arccos": return Complex.Acos(a);
            case "arctan": return Complex.Atan(a);
            case "arcsec": return Complex.Acos(1 / a);
            case "arccsc": return Complex.Asin(1 / a);
            case "arccot": return Complex.Atan(1 / a);
            case "sinh": return Complex.Sinh(a);
            case "cosh": return Complex.Cosh(a);
            case "tanh": return Complex.Tanh(a);
            case "ln": return a == Complex.Zero ? Complex.NaN : Complex.Log(a);
            case "log": return a == Complex.Zero ? Complex.NaN : Complex.Log(a);
            case "lg": return a == Complex.Zero ? Complex.NaN : Complex.Log10(a);
            case "logb":
            {
                var b = Numeric(f.Args[1], env, budget);
                var lb = Complex.Log(b);
                return a == Complex.Zero || lb == Complex.Zero ? Complex.NaN : Complex.Log(a) / lb;
            }

            case "exp": return Complex.Exp(a);
            case "sqrt": return Complex.Sqrt(a);
            case "root":
            {
                var n = Numeric(f.Args[1], env, budget);
                if (a.Imaginary == 0 && a.Real < 0 && n.Imaginary == 0 && n.Real % 2 == 1)
                {
                    return -System.Math.Pow(-a.Real, 1 / n.Real);
                }

                return n == Complex.Zero ? Complex.NaN : Complex.Pow(a, 1 / n);
            }

            case "abs": return Complex.Abs(a);
            case "floor" when a.Imaginary == 0: return System.Math.Floor(a.Real);
            case "ceil" when a.Imaginary == 0: return System.Math.Ceiling(a.Real);
            case "factorial" when a.Imaginary == 0 && a.Real >= 0 && a.Real <= 170 && a.Real == System.Math.Round(a.Real):
            {
                double acc = 1;
                for (var k = 2; k <= (int)a.Real; k++)
                {
                    acc *= k;
                }

                return acc;
            }

            case "binom":
                return TryExact(f, budget) is { } exact ? exact.ToDouble() : Complex.NaN;
            default:
                return Complex.NaN;
        }
    }

    /// <summary>A smooth, deterministic stand-in for an unknown function: the same name and arguments give the same value.</summary>
    private static Complex UnknownFunction(FuncExpr f, IReadOnlyDictionary<string, Complex> env, CheckBudget budget)
    {
        var seed = StableHash(f.Name);
        Complex acc = 0;
        for (var k = 0; k < f.Args.Length; k++)
        {
            var a = Numeric(f.Args[k], env, budget);
            var w = 0.7 + ((seed >> (k * 7 % 24)) & 0xFF) / 200.0;
            acc += Complex.Sin(w * a + (k + 1) * 0.37) * (1.3 + k) + (a * a * 0.11);
        }

        return acc + ((seed & 0xFFF) / 1000.0);
    }

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }
}
