using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class MathAnswerCheckerTests
{
    private static readonly MathAnswerChecker Checker = new();

    private static VerdictOutcome Outcome(string gold, string prediction, int precision = 6, bool strict = true, bool allowSetRelation = false) =>
        Checker.Check(gold, prediction, precision, strict, allowSetRelation).Outcome;

    [Theory]
    // Numbers: thousands separators, decimals, decimal commas.
    [InlineData("7425000", "7,425,000")]
    [InlineData("1000", "1 000")]
    [InlineData("1000", "1000.0")]
    [InlineData("1000.99", "1000,99")]
    [InlineData("0.4", ".4")]
    [InlineData("$14916$", "$14{,}916$")]
    [InlineData("$12000023$", "$12,\\!000,\\!023$")]
    // Fractions, roots, powers.
    [InlineData("$\\frac{1}{3}$", "$\\dfrac{1}{3}$")]
    [InlineData("$\\frac{1}{3}$", "$\\tfrac13$")]
    [InlineData("10/9", "\\frac{10}{9}")]
    [InlineData("$2\\sqrt{2}$", "$\\sqrt{8}$")]
    [InlineData("$2$", "$\\sqrt[3]{8}$")]
    [InlineData("$1024$", "$2^{10}$")]
    [InlineData("$\\frac{1}{2}$", "$0.5$")]
    // Implicit multiplication, \cdot, \times, constants, functions.
    [InlineData("$2x$", "$2 \\cdot x$")]
    [InlineData("$6$", "$2 \\times 3$")]
    [InlineData("$\\frac{\\pi}{2}$", "$\\pi/2$")]
    [InlineData("$e^{2}$", "$\\exp(2)$")]
    [InlineData("$2$", "$\\ln(e^2)$")]
    [InlineData("$1$", "$\\sin^2 x + \\cos^2 x$")]
    [InlineData("$\\tan^2(y)+1$", "$\\sec^2(y)$")]
    [InlineData("$\\frac{x+2}{7}$", "$\\frac{x}{7}+\\frac{2}{7}$")]
    // Complex numbers.
    [InlineData("$2i$", "$(1+i)^2$")]
    // ±, percentages, degrees, units and text.
    [InlineData("$1 \\pm \\sqrt{2}$", "$\\{1+\\sqrt{2}, 1-\\sqrt{2}\\}$")]
    [InlineData("$28\\%$", "28 percent")]
    [InlineData("$90^\\circ$", "$90$")]
    [InlineData("$5$", "$5 \\text{ cm}$")]
    [InlineData("$15\\mbox{ cm}^2$", "$15$")]
    [InlineData("$\\text{Evelyn}$", "The answer is $\\boxed{\\text{Evelyn}}$.")]
    [InlineData("$\\frac{1}{3}$", "$\\left( \\frac{1}{3} \\right)$")]
    // Sets, intervals, tuples, unions, infinity.
    [InlineData("$\\{1,2\\}$", "$\\{2,1\\}$")]
    [InlineData("$(-\\infty, 2] \\cup [3, \\infty)$", "$(-\\infty,2]\\cup[3,+\\infty)$")]
    [InlineData("$(1,\\frac{9}{2})$", "$(1,4.5)$")]
    [InlineData("$(1,3)$", "${1,3}$")]
    // Matrices.
    [InlineData("$\\begin{pmatrix}1 & 0 \\\\ 0 & 1\\end{pmatrix}$", "$\\begin{bmatrix}1 & 0 \\\\ 0 & 1\\end{bmatrix}$")]
    [InlineData("$\\begin{pmatrix}6 & 8 \\\\ 10 & 12\\end{pmatrix}$", "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}5 & 6 \\\\ 7 & 8\\end{pmatrix}$")]
    // Equations and chains.
    [InlineData("$x = 5$", "$5$")]
    [InlineData("$5$", "$x = 5$")]
    [InlineData("$x = 11$", "$x = 5+5+1 = 7 = 11$")]
    [InlineData("$2x+4y-3=0$", "$y=-\\frac{1}{2}x+\\frac{3}{4}$")]
    // Inequalities and intervals.
    [InlineData("$x \\le 5$", "$5 \\geq x$")]
    [InlineData("$x < 1$", "$-x > -1$")]
    [InlineData("$-2 \\le x \\le 7$", "$x \\in [-2,7]$")]
    [InlineData("$x > 1$", "$(1, \\infty)$")]
    [InlineData("$|x-3| < 2$", "$(1,5)$")]
    [InlineData("$1\\leq|z|\\leq \\frac{3}{2}$", "$z \\in \\left[-\\frac{3}{2}, -1\\right] \\cup \\left[1, \\frac{3}{2}\\right]$")]
    // Lists: several boxed answers form a set; lists of tuples and of assignments match in any order.
    [InlineData("$-2, 1$", "$\\boxed{1}$ and $\\boxed{-2}$")]
    [InlineData("$(1,2),(3,4)$", "$(3,4),(1,2)$")]
    [InlineData("$a=4,\\,-8,\\,-10$", "$-10,-8,4$")]
    public void Check_EquivalentAnswers_Pass(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Pass);

    [Theory]
    [InlineData("$1/3$", "$0.33$")]
    [InlineData("$[0,9)$", "$(0,9)$")]
    [InlineData("$(0,9)$", "$[0,9)$")]
    [InlineData("$(1,2)$", "$(2,1)$")]
    [InlineData("$(10,4,-2)$", "$(4,10,-2)$")]
    [InlineData("$10,4,-2$", "$4,10,-2$")]
    [InlineData("$(3,1)$", "${1,3}$")]
    [InlineData("$x > 5$", "$x < 5$")]
    [InlineData("$x \\geq 5$", "$x > 5$")]
    [InlineData("$|x-3| < 2$", "$|x-3| \\le 2$")]
    [InlineData("$x > 1$", "$(-5, 1)$")]
    [InlineData("$7 = 11a+c$", "$11a+c$")]
    [InlineData("$\\pm 2021$", "$2021$")]
    [InlineData("$4$", "$4\\sqrt{2}$")]
    [InlineData("$x+2n+1$", "$x+1$")]
    [InlineData("$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}$", "$\\begin{pmatrix}1 & 2 \\\\ 3 & 5\\end{pmatrix}$")]
    [InlineData("$12:00$", "$1:00$")]
    [InlineData("2", "AZYUK2A")]
    [InlineData("$1$", "$\\boxed{1,2}$")]
    [InlineData("$x \\in [-2,7]$", "$-2 \\le x \\le 7$")]
    public void Check_DifferentAnswers_DoNotPass(string gold, string prediction) =>
        Outcome(gold, prediction).Should().NotBe(VerdictOutcome.Pass);

    [Fact]
    public void Check_PrecisionTwo_AcceptsTwoDigitRounding()
    {
        Outcome("$1/3$", "$0.33$", precision: 2).Should().Be(VerdictOutcome.Pass);
        Outcome("$(\\frac{3}{5},\\frac{8}{3}]$", "$(0.6,2.6667]$", precision: 2).Should().Be(VerdictOutcome.Pass);
        Outcome("$(\\frac{3}{5},\\frac{8}{3}]$", "$(0.6,2.6667]$", precision: 6).Should().Be(VerdictOutcome.Fail);
    }

    [Theory]
    [InlineData("$1/3$", "$0.333$", 3, true)]
    [InlineData("$1/3$", "$0.333$", 4, false)]
    [InlineData("$1/3 + 1$", "$1.333$", 3, true)]
    [InlineData("$1/3 + 1$", "$1.333$", 4, false)]
    [InlineData("$\\frac{1}{3}$", "0.3333$", 4, true)]
    [InlineData("4.123105625617661", "$\\sqrt{17}$", 5, true)]
    [InlineData("$4$", "$4\\sqrt{2}$", 5, false)]
    public void Check_DecimalSide_RoundsToPrecision(string gold, string prediction, int precision, bool pass) =>
        (Outcome(gold, prediction, precision) == VerdictOutcome.Pass).Should().Be(pass);

    [Fact]
    public void Check_ExactRationals_CompareExactlyBeyondDoublePrecision()
    {
        // 10^20 + 1 and 10^20 are equal as doubles; exact arithmetic tells them apart.
        Outcome("$10^{20}+1$", "$100000000000000000001$").Should().Be(VerdictOutcome.Pass);
        Outcome("$10^{20}+1$", "$100000000000000000000$").Should().Be(VerdictOutcome.Fail);
    }

    [Fact]
    public void Check_StrictOption_ControlsVariableNames()
    {
        Outcome("$f(x)$", "$f(y)$", strict: true).Should().Be(VerdictOutcome.Fail);
        Outcome("$f(x)$", "$f(y)$", strict: false).Should().Be(VerdictOutcome.Pass);
    }

    [Fact]
    public void Check_SetRelationOption_AllowsRelationPredictionForSetGold()
    {
        Outcome("$x \\in [-2,7]$", "$-2 \\le x \\le 7$", allowSetRelation: true).Should().Be(VerdictOutcome.Pass);
        Outcome("$x \\in [-2,7]$", "$-2 \\le x < 7$", allowSetRelation: true).Should().Be(VerdictOutcome.Fail);
    }

    [Fact]
    public void Check_NothingExtractable_IsInvalidWithReason()
    {
        var result = Checker.Check("$5$", "I do not know.");
        result.Outcome.Should().Be(VerdictOutcome.Invalid);
        result.Reason.Should().Contain("prediction");
        result.GoldExtracted.Should().Be("5");
        result.PredictionExtracted.Should().BeNull();
    }

    [Fact]
    public void Check_UnparseablePrediction_IsInvalid()
    {
        var result = Checker.Check("$5$", "$\\frac{1}{$");
        result.Outcome.Should().Be(VerdictOutcome.Invalid);
    }

    [Fact]
    public void Check_Result_ReportsExtractedAnswers()
    {
        var result = Checker.Check("$\\frac{14}{3}$", "so $f(1) = 2$ and the total is $\\boxed{\\frac{14}{3}}$.");
        result.Outcome.Should().Be(VerdictOutcome.Pass);
        result.GoldExtracted.Should().Be("\\frac{14}{3}");
        result.PredictionExtracted.Should().Be("\\frac{14}{3}");
        result.Duration.Should().BeGreaterThan(TimeSpan.Zero);
    }

    [Fact]
    public void Check_TimeBoundExceeded_IsInvalid()
    {
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(50));
        var checker = new MathAnswerChecker(new MathVerifierOptions { TimeBound = TimeSpan.FromMilliseconds(100) }, clock);
        var longSum = "$" + string.Join("+", Enumerable.Range(1, 1500)) + "$";
        var result = checker.Check(longSum, longSum + " and $7$");
        result.Outcome.Should().Be(VerdictOutcome.Invalid);
        result.Reason.Should().Contain("time bound");
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var act = () => new MathAnswerChecker(new MathVerifierOptions { Precision = 99 });
        act.Should().Throw<MidTrain.Core.Configuration.OptionsValidationException>().Which.Key.Should().Be("precision");
    }

    /// <summary>A clock that advances by a fixed step every time it is read, so time bounds trip deterministically.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, step.Ticks);
    }
}
