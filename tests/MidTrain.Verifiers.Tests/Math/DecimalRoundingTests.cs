using System.Numerics;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

/// <summary>
/// Numeric tolerance as Math-Verify applies it: rounding both sides to <c>precision</c> decimals (ties to even) only when
/// a side is a number written with a decimal point, no relative tolerance, and no rounding inside expressions with
/// variables. Every checker verdict here was checked against Math-Verify 0.8.0 (<c>verify(parse(gold), parse(pred),
/// float_rounding=precision)</c>).
/// </summary>
public sealed class DecimalRoundingTests
{
    private static readonly MathAnswerChecker Checker = new();

    private static VerdictOutcome Outcome(string gold, string prediction, int precision = 6) =>
        Checker.Check(gold, prediction, precision, strict: true, allowSetRelationComparison: false).Outcome;

    [Theory]
    // Ties go to the even digit, as SymPy's round does.
    [InlineData("$0.125$", "$0.12$", 2, true)]
    [InlineData("$0.125$", "$0.13$", 2, false)]
    [InlineData("$0.375$", "$0.38$", 2, true)]
    [InlineData("$\\frac{1}{8}$", "$0.12$", 2, true)]
    [InlineData("$\\frac{1}{8}$", "$0.13$", 2, false)]
    [InlineData("$2.5$", "$2$", 0, true)]
    [InlineData("$3.5$", "$4$", 0, true)]
    [InlineData("$-2.5$", "$-2$", 0, true)]
    [InlineData("$1$", "$1.0000005$", 6, true)]
    public void Check_TieAtThePrecision_RoundsToEven(string gold, string prediction, int precision, bool pass) =>
        (Outcome(gold, prediction, precision) == VerdictOutcome.Pass).Should().Be(pass);

    [Theory]
    // Within 1e-6 of the gold but rounding to another 6-digit value: rejected, as by Math-Verify. (Rounding half away
    // from zero used to accept the first two; a sample-point tolerance of 10^-precision accepted the next three.)
    [InlineData("$\\frac{2}{3}$", "$0.6666665$")]
    [InlineData("$\\frac{1}{3}$", "$0.3333325$")]
    [InlineData("$2x$", "$2.0000001x$")]
    [InlineData("$x+1$", "$x+1.0000001$")]
    [InlineData("$\\sqrt{2}x$", "$1.41421356x$")]
    [InlineData("$0.333333\\sqrt{2}$", "$\\frac{\\sqrt{2}}{3}$")]
    [InlineData("$\\sqrt{2}$", "$1.414213$")]
    [InlineData("$5$", "$5.000001$")]
    public void Check_CloseButNotEqualAfterRounding_Fails(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Fail);

    [Theory]
    [InlineData("$\\frac{2}{3}$", "$0.666667$")]
    [InlineData("$5$", "$5.0000001$")]
    [InlineData("$\\sqrt{2}$", "$1.414214$")]
    [InlineData("$\\pi$", "$3.1415926$")]
    [InlineData("$\\frac{x}{2}$", "$0.5x$")]
    [InlineData("$1.5\\sqrt{2}$", "$\\frac{3\\sqrt{2}}{2}$")]
    public void Check_EqualAfterRounding_Passes(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Pass);

    [Theory]
    // Decimal places, not significant digits: large values get no relative slack.
    [InlineData("$123456789.123456789$", "$123456789.123457$", true)]
    [InlineData("$123456789.123456789$", "$123456789.123456$", false)]
    [InlineData("$1234567890123.45$", "$1234567890123.4501$", false)]
    [InlineData("$100000000000000000000.5$", "$100000000000000000000.5000001$", true)]
    [InlineData("$100000000000000000000.5$", "$100000000000000000000.500001$", false)]
    public void Check_LargeValues_RoundAtTheSameDecimalPlace(string gold, string prediction, bool pass) =>
        (Outcome(gold, prediction) == VerdictOutcome.Pass).Should().Be(pass);

    [Fact]
    public void Equal_IrrationalTooLargeForDoubleDecimals_ComparesWithinOneStepPlusNoise()
    {
        // 10^12·π = 3141592653589.793238…: a double holds it to ~5e-4, so 6-decimal rounding is out of reach there.
        var value = new Complex(1e12 * System.Math.PI, 0);
        DecimalRounding.Equal(null, value, Exact("3141592653589.793238"), default, 6).Should().BeTrue();
        DecimalRounding.Equal(null, value, Exact("3141592653589.8"), default, 6).Should().BeFalse();

        // Below 10^(15 - precision) the double is rounded as it is.
        var small = new Complex(System.Math.PI, 0);
        DecimalRounding.Equal(null, small, Exact("3.141593"), default, 6).Should().BeTrue();
        DecimalRounding.Equal(null, small, Exact("3.141592"), default, 6).Should().BeFalse();
    }

    [Fact]
    public void Equal_ComplexIrrationalAgainstRealDecimal_NeedsImaginaryPartToRoundToZero()
    {
        DecimalRounding.Equal(null, new Complex(0.5, 1e-9), Exact("0.5"), default, 6).Should().BeTrue();
        DecimalRounding.Equal(null, new Complex(0.5, 1e-3), Exact("0.5"), default, 6).Should().BeFalse();
    }

    private static BigRational Exact(string digits)
    {
        BigRational.TryParseDecimal(digits, out var value).Should().BeTrue();
        return value;
    }
}
