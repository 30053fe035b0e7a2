using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

/// <summary>
/// Percentages: <c>X\%</c> is X/100 (Math-Verify's rule), and where only one side is a percentage it also matches the
/// number written without the sign. Published golds: reference solutions from the MATH test split (Hendrycks et al.,
/// 2021; as distributed in MATH-500), whose answer key drops the sign. Verdicts were checked against Math-Verify 0.8.0;
/// the comments mark where we differ and why.
/// </summary>
public sealed class PercentAnswerTests
{
    // test/algebra/2427 (the minimal compound interest rate): the solution ends in a box followed by \%.
    private const string Algebra2427Solution =
        "Since we are looking for an interest rate percentage, it follows that $x \\ge \\frac{11}{10} = 1.1$, and $r = x - 1 = \\boxed{10}\\%$.";

    // test/algebra/2427's answer key.
    private const string Algebra2427Answer = "10";

    // test/prealgebra/1233 (by what percent does the square's area decrease?): the word after the math.
    private const string Prealgebra1233Solution = "Thus, the area decreased by $\\boxed{10}$ percent.";

    private static readonly MathAnswerChecker Checker = new();

    private static VerdictOutcome Outcome(string gold, string prediction, int precision = 6) =>
        Checker.Check(gold, prediction, precision, strict: true, allowSetRelationComparison: false).Outcome;

    [Theory]
    // The gold solution's "\boxed{10}\%" is read as 10%: its value, the number as written, and the sign in any spelling.
    // (Math-Verify drops a \% written after a box inside the same math, reads this gold as 10 and fails the first three.)
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{10\\%}$.")]
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{0.1}$.")]
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{\\frac{1}{10}}$.")]
    [InlineData(Algebra2427Solution, "The minimal rate is 10%.")]
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{10}$.")]
    [InlineData(Prealgebra1233Solution, "$\\boxed{10\\%}$")]
    [InlineData(Prealgebra1233Solution, "$\\boxed{0.1}$")]
    [InlineData(Prealgebra1233Solution, "The area decreases by 10 percent.")]
    // The answer key "10" against a percentage: the number as written (Math-Verify: only for plain-text 10%).
    [InlineData(Algebra2427Answer, "The minimal rate is $\\boxed{10\\%}$.")]
    [InlineData(Algebra2427Answer, "The minimal rate is 10%.")]
    public void Check_MathPercentAnswer_Passes(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Pass);

    [Theory]
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{1\\%}$.")]
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{0.01}$.")]
    [InlineData(Algebra2427Solution, "The minimal rate is $\\boxed{10.5\\%}$.")]
    [InlineData(Prealgebra1233Solution, "$\\boxed{90\\%}$")]
    [InlineData(Prealgebra1233Solution, "$\\boxed{0.9}$")]
    [InlineData(Algebra2427Answer, "The minimal rate is $\\boxed{0.1\\%}$.")]
    public void Check_MathPercentAnswer_WrongValueFails(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Fail);

    [Theory]
    // 50% ≡ 0.5 ≡ 1/2 whatever the spelling of the sign, in LaTeX or plain text.
    [InlineData("$\\frac12$", "$50\\%$")]
    [InlineData("$\\frac12$", "50%")]
    [InlineData("$\\frac12$", "The probability is 50 percent.")]
    [InlineData("$\\frac12$", "The answer is $\\boxed{50}\\%$.")]
    [InlineData("$0.5$", "$50\\%$")]
    [InlineData("$0.5$", "$\\boxed{50 \\text{ percent}}$")]
    [InlineData("$0.5$", "$50 pct$")]
    [InlineData("$50\\%$", "$0.5$")]
    [InlineData("$50\\%$", "$\\frac{1}{2}$")]
    [InlineData("$-5\\%$", "$-0.05$")]
    [InlineData("$150\\%$", "$\\frac32$")]
    // A percentage of a decimal is a decimal: both sides rounded to the precision (Math-Verify's rule for plain-text
    // percentages; for \% in LaTeX its code compares exactly, against its own comment's intent).
    [InlineData("$12.5\\%$", "$\\frac18$")]
    [InlineData("$\\frac13$", "33.3333%")]
    [InlineData("$\\frac13$", "$33.3333\\%$")]
    // Inside sets and matrices, element by element.
    [InlineData("$\\{10\\%, 20\\%\\}$", "$\\{0.2, 0.1\\}$")]
    [InlineData("$\\begin{pmatrix} 50\\% \\\\ 2 \\end{pmatrix}$", "$\\begin{pmatrix} 0.5 \\\\ 2 \\end{pmatrix}$")]
    // Math-Verify's own percent cases (tests/test_all.py::test_percent_notation).
    [InlineData("$28\\%$", "28 percent")]
    [InlineData("$28\\%$", "$\\boxed{28 percentage}")]
    [InlineData("$28\\%$", "$\\boxed{28}$ pct")]
    public void Check_PercentageAndItsValue_Pass(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Pass);

    [Theory]
    // A percentage against a decimal or fraction of another value.
    [InlineData("$0.25$", "$50\\%$")]
    [InlineData("$\\frac13$", "$30\\%$")]
    [InlineData("$12.5\\%$", "$0.126$")]
    [InlineData("$12.5\\%$", "$0.0125$")]
    [InlineData("$50\\%$", "$0.05$")]
    [InlineData("$50\\%$", "$5\\%$")]
    [InlineData("$\\frac13$", "33.33%")]
    // Without a percent sign nothing is divided by 100.
    [InlineData("$0.28$", "28")]
    [InlineData("$28/100$", "28")]
    [InlineData("$28$", "28/100")]
    [InlineData("$\\frac{28}{100}$", "28")]
    public void Check_PercentageOfAnotherValue_Fails(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Fail);

    [Fact]
    public void Check_PercentOfADecimal_RoundsAtThePrecision()
    {
        Outcome("$\\frac13$", "33.33%", precision: 4).Should().Be(VerdictOutcome.Pass);
        Outcome("$\\frac13$", "33.33%", precision: 6).Should().Be(VerdictOutcome.Fail);
    }
}
