using System.Diagnostics;
using System.Text;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Math;
using Xunit.Abstractions;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class MathRobustnessTests(ITestOutputHelper output)
{
    private static readonly string[] Fragments =
    [
        "\\frac", "\\sqrt", "\\boxed{", "\\left(", "\\right)", "\\begin{pmatrix}", "\\end{pmatrix}", "\\pm", "\\infty", "\\text{",
        "^{", "_{", "\\cup", "\\\\", "&", "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\{", "\\}", "{", "}", "(", ")", "[", "]", ",", ";",
        "=", "<", "\\le", "\\in", "x", "y", "e", "i", "\\pi", "!", "^", "/", "-", "+", "\\cdot", "0", "1", "7", "42", "3.14",
        "1,000", "%", "\\%", "^\\circ", "\\sin", "\\log_", "\\binom", "the answer is ", "Final Answer: ", " and ", " or ", "\n",
        "\\dfrac13", "\\sqrt[3]", "|", "\\lfloor", "\\rfloor", "\\sum_{k=0}^{n}", "\\begin{array}{cc}", "\\end{array}", "\\text{cm}",
    ];

    private static readonly string[] Golds = ["$5$", "$\\frac{1}{2}$", "$[0,1)$", "$x = 2$", "$\\{1,2\\}$", "$x \\le 3$", "$(1,2)$", "42"];

    [Fact]
    public void Check_TenThousandGarbageStrings_NeverThrowHangOrExceedTheBound()
    {
        var bound = TimeSpan.FromSeconds(1);
        var checker = new MathAnswerChecker(new MathVerifierOptions { TimeBound = bound });
        var random = new Random(20260529);
        var total = Stopwatch.StartNew();
        var worst = TimeSpan.Zero;
        var worstInput = string.Empty;
        var outcomes = new Dictionary<VerdictOutcome, int>();
        for (var n = 0; n < 10_000; n++)
        {
            var garbage = Garbage(random, n);
            var gold = Golds[n % Golds.Length];
            var asGold = n % 5 == 0;
            var result = asGold ? checker.Check(garbage, gold) : checker.Check(gold, garbage);
            outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            if (result.Duration > worst)
            {
                worst = result.Duration;
                worstInput = garbage.Length > 80 ? garbage[..80] + $"… ({garbage.Length} chars)" : garbage;
            }

            // The margin absorbs preemption on a loaded 2-core CI machine (the suites run side by side).
            result.Duration.Should().BeLessThan(bound + TimeSpan.FromSeconds(2), "input #{0} must respect the time bound", n);
        }

        output.WriteLine($"10,000 checks in {total.Elapsed.TotalSeconds:0.00} s; worst {worst.TotalMilliseconds:0.0} ms for «{worstInput}»; "
            + string.Join(", ", outcomes.Select(kv => $"{kv.Key}: {kv.Value}")));
        outcomes.Keys.Should().Contain(VerdictOutcome.Invalid);
    }

    [Theory]
    [InlineData("$10^{10^{10}}$")]
    [InlineData("$9^{9^{9^{9}}}$")]
    [InlineData("$2^{2^{2^{2^{2^{2}}}}}$")]
    [InlineData("$(10^{100000})!$")]
    [InlineData("$1000000!$")]
    [InlineData("$\\binom{10^{9}}{5000}$")]
    [InlineData("$10^{-10^{10}}$")]
    [InlineData("$\\sqrt[10^{10}]{2}$")]
    public void Check_HugeValues_FinishWithinBound(string expression)
    {
        var checker = new MathAnswerChecker(new MathVerifierOptions { TimeBound = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();
        var result = checker.Check(expression, expression.Replace("$", "$1+", StringComparison.Ordinal).TrimEnd('$') + "-1$");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "the 1 s bound holds (with a margin for a loaded machine)");
        result.Outcome.Should().BeOneOf(VerdictOutcome.Pass, VerdictOutcome.Fail, VerdictOutcome.Invalid);
    }

    [Fact]
    public void Check_DeepNesting_IsInvalidNotStackOverflow()
    {
        var checker = new MathAnswerChecker();
        foreach (var (open, close) in new[] { ("{", "}"), ("(", ")"), ("\\frac{1}{", "}"), ("\\sqrt{", "}"), ("-", string.Empty), ("x^{", "}") })
        {
            var deep = "$" + string.Concat(Enumerable.Repeat(open, 3000)) + "1" + string.Concat(Enumerable.Repeat(close, 3000)) + "$";
            var result = checker.Check("$1$", deep);
            result.Outcome.Should().NotBe(VerdictOutcome.Pass);
        }

        // Chains built by loops rather than recursion: 1/2/3/…, 5!!!…!
        var divisions = "$" + string.Join("/", Enumerable.Range(1, 1500)) + "$";
        checker.Check(divisions, divisions + " so $2$").Outcome.Should().Be(VerdictOutcome.Invalid);
        checker.Check("$120$", "$5" + new string('!', 4000) + "$").Outcome.Should().Be(VerdictOutcome.Invalid);
    }

    private static string Garbage(Random random, int n)
    {
        var kind = n % 10;
        var sb = new StringBuilder();
        switch (kind)
        {
            case 0 when n % 500 == 0:
                // About 20 inputs of 100 KB.
                while (sb.Length < 100_000)
                {
                    sb.Append(Fragments[random.Next(Fragments.Length)]);
                }

                break;
            case 1:
            {
                var depth = random.Next(1, 2000);
                var open = new[] { "{", "(", "\\frac{1}{", "\\sqrt{", "\\left(", "[", "\\boxed{", "x^{" }[random.Next(8)];
                sb.Append('$').Insert(1, open, depth).Append('1');
                if (random.Next(2) == 0)
                {
                    sb.Append(new string('}', depth));
                }

                sb.Append('$');
                break;
            }

            case 2:
                sb.Append("$");
                for (var k = random.Next(1, 6); k > 0; k--)
                {
                    sb.Append(random.Next(2, 100)).Append("^{");
                }

                sb.Append(random.Next(2, 100)).Append(new string('}', random.Next(0, 7))).Append('$');
                break;
            default:
                for (var k = random.Next(0, 60); k > 0; k--)
                {
                    sb.Append(random.Next(4) == 0 ? (char)random.Next(32, 127) : Fragments[random.Next(Fragments.Length)]);
                }

                break;
        }

        return sb.ToString();
    }
}
