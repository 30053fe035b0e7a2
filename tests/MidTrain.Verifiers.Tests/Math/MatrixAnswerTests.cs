using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

/// <summary>
/// Matrix and vector answers. Golds are final answers of problems from the MATH test split (Hendrycks et al., 2021) as
/// distributed in MATH-500 / PRM800K's <c>math_splits/test.jsonl</c> (bare LaTeX, without <c>$</c>); the first
/// prediction of each is the closing sentence of the problem's reference solution. Every verdict below was also checked
/// against Math-Verify 0.8.0 (gold wrapped in <c>$…$</c>), except where a comment says Math-Verify cannot parse the form.
/// </summary>
public sealed class MatrixAnswerTests
{
    // test/precalculus/1300: find v with a·v = 2 and a×v = (1,-2,1).
    private const string Precalc1300 = "\\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix}";

    // test/precalculus/263: A applied to (-13, 3, 4).
    private const string Precalc263 = "\\begin{pmatrix} -2 \\\\ -14 \\\\ -7 \\end{pmatrix}";

    // test/precalculus/920: A^27 + A^31 + A^40 for A = [[3, 7], [-1, -2]].
    private const string Precalc920 = "\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}";

    // test/precalculus/881: (2b - a) × (3c + a).
    private const string Precalc881 = "\\begin{pmatrix} -18 \\\\ -49 \\\\ 96 \\end{pmatrix}";

    // test/precalculus/398: the image of (-2, 3) under a reflection taking (5, 0) to (4, 3).
    private const string Precalc398 = "\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}";

    // test/precalculus/625: the projection of a onto b = (2, 6, 3) when a·b = 8.
    private const string Precalc625 = "\\begin{pmatrix} 16/49 \\\\ 48/49 \\\\ 24/49 \\end{pmatrix}";

    // test/precalculus/145: the smallest v with (1, 2, -5) × v = (90, 30, 30).
    private const string Precalc145 = "\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}";

    private static readonly MathAnswerChecker Checker = new();

    private static VerdictOutcome Outcome(string gold, string prediction) => Checker.Check(gold, prediction).Outcome;

    [Theory]
    [InlineData(Precalc1300, "Thus, $\\mathbf{v} = \\boxed{\\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix}}.$")]
    [InlineData(Precalc263, "we get \\[\\mathbf{A} \\begin{pmatrix} -13 \\\\ 3 \\\\ 4 \\end{pmatrix} = \\boxed{\\begin{pmatrix} -2 \\\\ -14 \\\\ -7 \\end{pmatrix}}.\\]")]
    [InlineData(Precalc920, "&= -\\mathbf{I} = \\boxed{\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}}. \\end{align*}")]
    [InlineData(Precalc881, "&= \\boxed{\\begin{pmatrix} -18 \\\\ -49 \\\\ 96 \\end{pmatrix}}. \\end{align*}")]
    [InlineData(Precalc145, "so the vector $\\mathbf{v}$ we seek is $\\boxed{\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}}.$")]
    public void Check_MathReferenceSolution_PassesAgainstItsAnswer(string gold, string solutionEnd) =>
        Outcome(gold, solutionEnd).Should().Be(VerdictOutcome.Pass);

    [Theory]
    // Any bracket style and environment: bmatrix, Bmatrix, matrix, smallmatrix, array (with or without rules).
    [InlineData(Precalc1300, "$\\boxed{\\begin{bmatrix} -\\frac{1}{3} \\\\ \\frac{2}{3} \\\\ \\frac{5}{3} \\end{bmatrix}}$")]
    [InlineData(Precalc1300, "$\\boxed{\\left[\\begin{array}{c} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{array}\\right]}$")]
    [InlineData(Precalc1300, "$\\boxed{\\begin{array}{|c|} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{array}}$")] // Math-Verify cannot parse {|c|}
    [InlineData(Precalc920, "$\\begin{Bmatrix} -1 & 0 \\\\ 0 & -1 \\end{Bmatrix}$")] // Math-Verify cannot parse Bmatrix
    [InlineData(Precalc920, "$\\begin{matrix} -1 & 0 \\\\ 0 & -1 \\end{matrix}$")]
    [InlineData(Precalc920, "$\\begin{smallmatrix} -1 & 0 \\\\ 0 & -1 \\end{smallmatrix}$")] // Math-Verify cannot parse smallmatrix
    // Entries compared with the scalar rules: fractions, decimals rounded to the precision, a trailing row break.
    [InlineData(Precalc1300, "$\\boxed{\\begin{pmatrix} -0.333333 \\\\ 0.666667 \\\\ 1.666667 \\end{pmatrix}}$")]
    [InlineData(Precalc398, "$\\boxed{\\begin{pmatrix} 0.2 \\\\ -3.6 \\end{pmatrix}}$")]
    [InlineData(Precalc398, "$\\boxed{\\begin{pmatrix} \\frac15 \\\\ -\\frac{18}5 \\\\ \\end{pmatrix}}$")]
    [InlineData(Precalc625, "$\\boxed{\\begin{pmatrix} 0.326531 \\\\ 0.979592 \\\\ 0.489796 \\end{pmatrix}}$")]
    // Matrix arithmetic is carried out: the last step of the 881 solution, scalar multiples, negation, transposes.
    [InlineData(Precalc881, "$6 \\begin{pmatrix} 1 \\\\ - 7 \\\\ 18 \\end{pmatrix} - 2 \\begin{pmatrix} 6 \\\\ - 7 \\\\ 3 \\end{pmatrix} - 3 \\begin{pmatrix} 4 \\\\ 7 \\\\ 2 \\end{pmatrix}$")]
    [InlineData(Precalc625, "$\\boxed{\\frac{8}{49}\\begin{pmatrix} 2 \\\\ 6 \\\\ 3 \\end{pmatrix}}$")]
    [InlineData(Precalc920, "$\\boxed{-\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}}$")]
    [InlineData("\\begin{pmatrix} -7 & 16 & 5 \\end{pmatrix}", "$\\boxed{\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}^T}$")]
    [InlineData("\\begin{pmatrix} -7 & 16 & 5 \\end{pmatrix}", "$\\boxed{\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}^{\\top}}$")] // Math-Verify reads only ^T
    public void Check_SameMatrixWrittenDifferently_Passes(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Pass);

    [Theory]
    // One element differs, elements swapped, a sign lost, the transpose of a non-symmetric matrix.
    [InlineData(Precalc263, "$\\boxed{\\begin{pmatrix} -2 \\\\ -14 \\\\ 7 \\end{pmatrix}}$")]
    [InlineData(Precalc263, "$\\boxed{\\begin{pmatrix} -2 \\\\ -7 \\\\ -14 \\end{pmatrix}}$")]
    [InlineData(Precalc398, "$\\boxed{\\begin{pmatrix} 1/5 \\\\ 18/5 \\end{pmatrix}}$")]
    [InlineData("$\\begin{pmatrix} 0 & 3 \\\\ 0 & -1 \\end{pmatrix}$", "$\\begin{pmatrix} 0 & 0 \\\\ 3 & -1 \\end{pmatrix}$")]
    // Decimals that do not round to the entries at 6 digits.
    [InlineData(Precalc625, "$\\boxed{\\begin{pmatrix} 0.3265 \\\\ 0.9796 \\\\ 0.4898 \\end{pmatrix}}$")]
    [InlineData(Precalc1300, "$\\boxed{\\begin{pmatrix} -0.33 \\\\ 0.67 \\\\ 1.67 \\end{pmatrix}}$")]
    public void Check_DifferentEntries_Fails(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Fail);

    [Theory]
    // Shapes must match: a 2×2 is never a 4-vector (column, row or tuple), a column never a row.
    [InlineData(Precalc920, "$\\boxed{\\begin{pmatrix} -1 \\\\ 0 \\\\ 0 \\\\ -1 \\end{pmatrix}}$")]
    [InlineData(Precalc920, "$\\boxed{\\begin{pmatrix} -1 & 0 & 0 & -1 \\end{pmatrix}}$")]
    [InlineData(Precalc920, "$\\boxed{(-1, 0, 0, -1)}$")]
    [InlineData(Precalc920, "$\\boxed{-1}$")]
    [InlineData(Precalc1300, "$\\boxed{\\begin{pmatrix} -1/3 & 2/3 & 5/3 \\end{pmatrix}}$")]
    [InlineData(Precalc145, "$\\boxed{\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}^T}$")]
    public void Check_ShapeMismatch_Fails(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Fail);

    [Theory]
    // Math-Verify never equates a matrix with a tuple (a vector answer must be written as a vector), and neither do we.
    [InlineData(Precalc1300, "$\\boxed{\\left( -\\frac{1}{3}, \\frac{2}{3}, \\frac{5}{3} \\right)}$")]
    [InlineData(Precalc398, "The image is $(1/5, -18/5)$.")]
    [InlineData("$(-7, 16, 5)$", "$\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}$")]
    [InlineData("$(1, 2)$", "$\\begin{pmatrix} 1 & 2 \\end{pmatrix}$")]
    public void Check_VectorAgainstTuple_Fails(string gold, string prediction) =>
        Outcome(gold, prediction).Should().Be(VerdictOutcome.Fail);

    [Theory]
    // vmatrix and \det are determinants, as Math-Verify evaluates them.
    [InlineData("$-2$", "$\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}$", VerdictOutcome.Pass)]
    [InlineData("$-2$", "$\\det \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$", VerdictOutcome.Pass)]
    [InlineData("$-3$", "$\\begin{vmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\\\ 7 & 8 & 10 \\end{vmatrix}$", VerdictOutcome.Pass)]
    [InlineData("$\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}$", "$ad - bc$", VerdictOutcome.Pass)] // Math-Verify cannot parse this gold
    [InlineData("$\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$", "$\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}$", VerdictOutcome.Fail)]
    [InlineData("$2$", "$\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}$", VerdictOutcome.Fail)]
    public void Check_Determinant_IsItsValue(string gold, string prediction, VerdictOutcome expected) =>
        Outcome(gold, prediction).Should().Be(expected);

    [Theory]
    [InlineData("$\\begin{pmatrix} 1 & & 0 \\\\ 0 & 1 \\end{pmatrix}$")] // empty cell
    [InlineData("$\\begin{pmatrix} 1 & 0 & \\\\ 0 & 1 & \\end{pmatrix}$")] // trailing &
    [InlineData("$\\begin{pmatrix} 1 & 0 \\\\ 0 \\end{pmatrix}$")] // ragged rows
    [InlineData("$\\begin{vmatrix} 1 & 2 \\end{vmatrix}$")] // determinant of a non-square matrix
    [InlineData("$\\begin{cases} 1 & 0 \\\\ 0 & 1 \\end{cases}$")] // not a matrix environment
    public void Check_MalformedMatrix_IsInvalidNotGuessed(string prediction)
    {
        var result = Checker.Check(Precalc920, prediction);
        result.Outcome.Should().Be(VerdictOutcome.Invalid);
        result.Reason.Should().Contain("could not be parsed");
    }
}
