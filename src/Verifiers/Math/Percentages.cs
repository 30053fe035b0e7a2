namespace MidTrain.Verifiers.Math;

/// <summary>
/// How percentages compare, after Math-Verify: <c>X\%</c> (also <c>X%</c>, <c>X percent</c>, <c>X pct</c>) is the number
/// X/100, so <c>50\%</c> ≡ <c>0.5</c> ≡ <c>\frac12</c>, and a percentage of a decimal is a decimal (rounded to the
/// precision). A prediction written as a percentage is always read by its value: against a gold <c>0.5</c> the answer
/// <c>50\%</c> passes, against a gold <c>50</c> it fails, as in Math-Verify. One leniency Math-Verify does not have: a
/// gold that is itself a percentage also accepts the number as written without the sign (gold <c>28\%</c>, answer
/// <c>28</c>), as answers to "what percent …" questions usually drop it. Pure and thread-safe.
/// </summary>
internal static class Percentages
{
    private static readonly NumExpr Hundred = new(BigRational.FromInteger(100), isDecimal: false);

    public static bool Contains(Expr e) => ExprTools.Contains<PercentExpr>(e);

    /// <summary>Every percentage replaced by its value, X/100.</summary>
    public static Expr AsValue(Expr e) =>
        Contains(e) ? ExprTools.Rewrite(e, x => x is PercentExpr pc ? new DivExpr(pc.Operand, Hundred) : null) : e;

    /// <summary>Every percentage replaced by the number written before the sign.</summary>
    public static Expr AsWritten(Expr e) =>
        Contains(e) ? ExprTools.Rewrite(e, x => x is PercentExpr pc ? pc.Operand : null) : e;
}
