using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class ExpressionParserTests
{
    private static string Tree(string text, LexerMode mode = LexerMode.Latex)
    {
        var budget = CheckBudget.Unlimited();
        return ExprTools.Canonical(ExpressionParser.Parse(AnswerNormalizer.Normalize(text), mode, budget), budget);
    }

    [Theory]
    [InlineData("\\frac13", "/(1,3)")]
    [InlineData("\\frac{1}{3}", "/(1,3)")]
    [InlineData("x^23", "*(3,^(x,2))")]
    [InlineData("2\\sqrt3", "*(2,sqrt(3))")]
    [InlineData("\\sqrt[3]{x}", "root(x,3)")]
    [InlineData("[0,1)", "[0,1)")]
    [InlineData("(1,2,3)", "tuple(1,2,3)")]
    [InlineData("\\{3, 1\\}", "set(1,3)")]
    [InlineData("x \\in [-2,7]", "in(x,[-(2),7])")]
    [InlineData("-2 \\le x < 7", "rel(-(2) Le x Lt 7)")]
    [InlineData("a_{37} = 19", "rel(a_37 Eq 19)")]
    [InlineData("204_5", "54")]
    [InlineData("f(x)", "f(x)")]
    [InlineData("|x-2|", "abs(+(-(2),x))")]
    [InlineData("10\\%", "pct(10)")]
    [InlineData("15\\mbox{ cm}^2", "15")]
    [InlineData("\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}", "mat(row(1,2)row(3,4))")]
    [InlineData("\\left[\\begin{array}{cc}1 & 2 \\\\3 & 4\\end{array}\\right]", "mat(row(1,2)row(3,4))")]
    [InlineData("(11,7)or(7,11)", "set(tuple(11,7),tuple(7,11))")]
    [InlineData("1 \\pm \\sqrt{2}", "pm(1,sqrt(2))")]
    [InlineData("\\sin^2 x", "^(sin(x),2)")]
    [InlineData("7,425,000", "7425000")]
    [InlineData("(12,102)", "tuple(12,102)")]
    [InlineData("\\text{Evelyn}", "text(Evelyn)")]
    public void Parse_Latex_BuildsExpectedTree(string text, string expected) => Tree(text).Should().Be(expected);

    [Theory]
    [InlineData("2^10", "^(2,10)")]
    [InlineData("1 000", "1000")]
    public void Parse_Plain_ReadsWholeNumbers(string text, string expected) => Tree(text, LexerMode.Plain).Should().Be(expected);

    [Fact]
    public void Parse_DecimalComma_OnlyWhenAsked()
    {
        Tree("1000,99", LexerMode.Plain | LexerMode.DecimalComma).Should().Be("100099/100");
        Tree("1000,99", LexerMode.Plain).Should().Be("set(1000,99)");
    }

    [Theory]
    [InlineData("\\frac{1}{")]
    [InlineData("(1,2")]
    [InlineData("1 +")]
    [InlineData("\\begin{pmatrix}1 & 2 \\\\ 3\\end{pmatrix}")]
    public void Parse_Malformed_ThrowsSyntaxError(string text)
    {
        var act = () => Tree(text);
        act.Should().Throw<MathSyntaxException>();
    }
}
