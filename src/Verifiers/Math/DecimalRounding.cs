using System.Numerics;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// Math-Verify's numeric comparison of a value written as a decimal: both sides rounded to <c>precision</c> decimal
/// places, ties to even (SymPy's <c>round</c>), and compared for equality — at any magnitude, with no relative
/// tolerance. Exact rational values (everything written with digits, fractions, integer powers) are rounded exactly;
/// an irrational side (√2, π) is evaluated in double precision and rounded from there. Where a double cannot hold
/// <c>precision</c> decimals (|x| ≥ 10^(15 − precision)) the rounding is replaced by a comparison within one rounding
/// step plus double-precision noise (4 units in the last place, a relative 2^-50): Math-Verify evaluates such values
/// to arbitrary precision, we cannot. Pure and thread-safe.
/// </summary>
internal static class DecimalRounding
{
    /// <summary>Relative noise of a double evaluated through a few operations (4 units in the last place).</summary>
    private const double DoubleNoise = 4 * 2.220446049250313e-16;

    /// <summary>Whether the two values agree when rounded to <paramref name="precision"/> decimal places.</summary>
    /// <param name="exactA">The exact value of the first side, or null when it is irrational.</param>
    /// <param name="a">Its numeric value (unused when <paramref name="exactA"/> is given).</param>
    /// <param name="exactB">The exact value of the second side, or null when it is irrational.</param>
    /// <param name="b">Its numeric value (unused when <paramref name="exactB"/> is given).</param>
    /// <param name="precision">Digits after the decimal point.</param>
    public static bool Equal(BigRational? exactA, Complex a, BigRational? exactB, Complex b, int precision)
    {
        if (exactA is { } ea && exactB is { } eb)
        {
            return ea.RoundScaled(precision) == eb.RoundScaled(precision);
        }

        // An exact side is real: its imaginary part is an exact 0.
        return PartEqual(exactA, exactA?.ToDouble() ?? a.Real, exactB, exactB?.ToDouble() ?? b.Real, precision)
            && PartEqual(exactA is null ? null : BigRational.Zero, a.Imaginary, exactB is null ? null : BigRational.Zero, b.Imaginary, precision);
    }

    private static bool PartEqual(BigRational? exactA, double a, BigRational? exactB, double b, int precision)
    {
        var ra = Scaled(exactA, a, precision);
        var rb = Scaled(exactB, b, precision);
        if (ra is { } x && rb is { } y)
        {
            return x == y;
        }

        var step = System.Math.Pow(10, -precision);
        return System.Math.Abs(a - b) <= step + DoubleNoise * System.Math.Max(System.Math.Abs(a), System.Math.Abs(b));
    }

    /// <summary>The value rounded and scaled by 10^precision, or null when a double cannot resolve that many decimals.</summary>
    private static BigInteger? Scaled(BigRational? exact, double value, int precision)
    {
        if (exact is { } e)
        {
            return e.RoundScaled(precision);
        }

        if (!double.IsFinite(value) || System.Math.Abs(value) >= System.Math.Pow(10, 15 - precision))
        {
            return null;
        }

        return new BigInteger(System.Math.Round(value * System.Math.Pow(10, precision), MidpointRounding.ToEven));
    }
}
