using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

public sealed class OutputComparerTests
{
    [Theory]
    [InlineData("1 2\n", "1 2\n", true)]
    [InlineData("1 2\r\n", "1 2\n", true)]
    [InlineData("1 2", "1 2\n", false)]
    [InlineData("1  2\n", "1 2\n", false)]
    public void Matches_Exact_ComparesVerbatimUpToLineEndings(string actual, string expected, bool match) =>
        OutputComparer.Matches(actual, expected, OutputComparison.Exact).Should().Be(match);

    [Theory]
    [InlineData("1  2 \n\n", "1 2", true)]
    [InlineData("a\tb\r\nc", "a b c\n", true)]
    [InlineData("1 2 3", "1 2", false)]
    [InlineData("1.0", "1", false)]
    public void Matches_Whitespace_ComparesTokens(string actual, string expected, bool match) =>
        OutputComparer.Matches(actual, expected, OutputComparison.Whitespace).Should().Be(match);

    [Theory]
    [InlineData("1.0000001 x", "1 x", true)]
    [InlineData("1.01", "1", false)]
    [InlineData("1000000.5", "1000000", true)]
    [InlineData("3.14e0\n", "3.14", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("nan", "nan", true)]
    [InlineData("NaN", "1", false)]
    [InlineData("inf", "inf", true)]
    [InlineData("1 2", "1", false)]
    public void Matches_Numeric_NumbersWithinToleranceOtherTokensExact(string actual, string expected, bool match) =>
        OutputComparer.Matches(actual, expected, OutputComparison.Numeric, 1e-6).Should().Be(match);
}
