using System.Numerics;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class BigRationalTests
{
    [Fact]
    public void Operators_RandomSmallFractions_MatchCrossMultiplicationReference()
    {
        // Reference: unreduced fractions compared by cross-multiplication in 128-bit integers.
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            long an = random.Next(-1000, 1000), ad = random.Next(1, 1000), bn = random.Next(-1000, 1000), bd = random.Next(1, 1000);
            var a = new BigRational(an, ad);
            var b = new BigRational(bn, bd);
            SameValue(a + b, (Int128)an * bd + (Int128)bn * ad, (Int128)ad * bd);
            SameValue(a - b, (Int128)an * bd - (Int128)bn * ad, (Int128)ad * bd);
            SameValue(a * b, (Int128)an * bn, (Int128)ad * bd);
            if (bn != 0)
            {
                SameValue(a / b, (Int128)an * bd, (Int128)ad * bn);
            }

            a.CompareTo(b).Should().Be(((Int128)an * bd).CompareTo((Int128)bn * ad));
        }
    }

    private static void SameValue(BigRational actual, Int128 num, Int128 den)
    {
        (actual.Numerator * (BigInteger)den).Should().Be((BigInteger)num * actual.Denominator);
        actual.Denominator.Sign.Should().BePositive();
        BigInteger.GreatestCommonDivisor(actual.Numerator, actual.Denominator).Should().Be(BigInteger.One);
    }

    [Theory]
    [InlineData("123", 123, 1)]
    [InlineData("12.50", 25, 2)]
    [InlineData("0.4", 2, 5)]
    [InlineData("000.125", 1, 8)]
    public void TryParseDecimal_Digits_GivesExactValue(string text, long num, long den)
    {
        BigRational.TryParseDecimal(text, out var value).Should().BeTrue();
        value.Should().Be(new BigRational(num, den));
    }

    [Fact]
    public void TryPow_ResultTooLarge_Refuses()
    {
        new BigRational(10, 1).TryPow(new BigInteger(1_000_000_000), out _).Should().BeFalse();
        new BigRational(2, 3).TryPow(-3, out var r).Should().BeTrue();
        r.Should().Be(new BigRational(27, 8));
        new BigRational(-1, 1).TryPow(BigInteger.Pow(10, 30) + 1, out var minusOne).Should().BeTrue();
        minusOne.Should().Be(new BigRational(-1, 1));
    }

    [Fact]
    public void TryRoot_PerfectPowers_AreExact()
    {
        new BigRational(8, 27).TryRoot(3, out var cube).Should().BeTrue();
        cube.Should().Be(new BigRational(2, 3));
        new BigRational(-8, 1).TryRoot(3, out var negative).Should().BeTrue();
        negative.Should().Be(new BigRational(-2, 1));
        new BigRational(2, 1).TryRoot(2, out _).Should().BeFalse();
        var big = BigInteger.Pow(12345678901, 4);
        new BigRational(big, 1).TryRoot(4, out var fourth).Should().BeTrue();
        fourth.Should().Be(new BigRational(12345678901, 1));
    }

    [Theory]
    [InlineData(1, 3, 6, 333333)]
    [InlineData(2, 3, 2, 67)]
    [InlineData(-2, 3, 2, -67)]
    [InlineData(1, 8, 2, 12)]
    [InlineData(-1, 8, 2, -12)]
    [InlineData(3, 8, 2, 38)]
    [InlineData(5, 2, 0, 2)]
    [InlineData(7, 2, 0, 4)]
    [InlineData(-5, 2, 0, -2)]
    [InlineData(2000001, 2000000, 6, 1000000)]
    public void RoundScaled_TiesToEven(long num, long den, int digits, long expected) =>
        new BigRational(num, den).RoundScaled(digits).Should().Be(new BigInteger(expected));
}
