namespace MidTrain.Verifiers.Math;

/// <summary>
/// How percentages compare. As in Math-Verify, <c>X\%</c> (also <c>X%</c>, <c>X percent</c>, <c>X pct</c>,
/// <c>X\text{ percent}</c>) is the number X/100: <c>50\%</c> ≡ <c>0.5</c> ≡ <c>\frac12</c>, and a percentage of a
/// decimal is a decimal, rounded to the precision (<c>33.3333\%</c> ≡ <c>\frac13</c> at 6 digits). When only one side
/// is a percentage it also matches the number as written without the sign (gold <c>10</c>, answer <c>10\%</c>; gold
/// <c>28\%</c>, answer <c>28</c>): answer keys and answers to "what percent …" questions drop or add the sign freely
/// (the MATH answer for test/algebra/2427 is <c>10</c>, its solution box <c>\boxed{10}\%</c>). Math-Verify does the
/// same for percentages in plain text, where its extracted strings match, but not for <c>\%</c> in LaTeX; the cost is
/// that <c>0.5\%</c> also answers a gold <c>0.5</c>. When both sides are percentages their values compare.
/// Pure and thread-safe.
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
