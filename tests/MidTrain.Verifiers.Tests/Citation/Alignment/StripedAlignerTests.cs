using System.Text;
using MidTrain.Verifiers.Citation.Alignment;
using Xunit.Abstractions;

namespace MidTrain.Verifiers.Tests.Citation.Alignment;

public sealed class StripedAlignerTests(ITestOutputHelper output)
{
    private static readonly VectorWidth[] Widths =
        [.. new[] { VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 }.Where(StripedAligner.IsAccelerated)];

    private static readonly VectorWidth[] SimdWidths = [.. Widths.Where(w => w != VectorWidth.Scalar)];

    [Fact]
    public void Align_TenThousandRandomPairs_EverySimdKernelEqualsReference()
    {
        var random = new Random(20260707);
        var lanes = new Dictionary<int, int>();
        var pastEightBit = 0;
        var time = new TimeSpan[513];
        for (var pair = 0; pair < 10_000; pair++)
        {
            var alphabetSize = random.Next(4, 201);
            var queryLength = LogUniform(random, 1, 2000);
            var query = RandomText(random, queryLength, alphabetSize);
            var target = random.Next(4) == 0
                ? RandomText(random, LogUniform(random, 1, 2000), alphabetSize)
                : Embed(random, Mutate(random, query, random.NextDouble() * 0.3, alphabetSize), alphabetSize);
            var mismatch = -random.Next(0, 6);
            var extend = random.Next(1, 4);
            var scoring = new AlignmentScoring(random.Next(1, 6), mismatch, extend + random.Next(0, 8), extend);

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var expected = ReferenceSmithWaterman.Score(query, target, scoring);
            time[0] += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            foreach (var width in SimdWidths)
            {
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                var aligner = new StripedAligner(query, scoring, width);
                var actual = aligner.Align(target);
                time[(int)width] += System.Diagnostics.Stopwatch.GetElapsedTime(started);
                lanes[aligner.LastLaneBits] = lanes.GetValueOrDefault(aligner.LastLaneBits) + 1;
                if (actual.Score != expected.Score || actual.TargetEnd != expected.TargetEnd)
                {
                    Assert.Fail($"pair {pair} width {width} lanes {aligner.LastLaneBits}: got {actual}, expected {expected} " +
                                $"(|q|={query.Length}, |t|={target.Length}, {scoring})");
                }
            }

            if (expected.Score > 255)
            {
                pastEightBit++;
            }
        }

        output.WriteLine($"time: reference {time[0].TotalSeconds:0.0} s, " + string.Join(", ", SimdWidths.Select(w => $"{w} {time[(int)w].TotalSeconds:0.00} s")));
        output.WriteLine($"widths: {string.Join(", ", SimdWidths)}; final lane bits → runs: {string.Join(", ", lanes.OrderBy(p => p.Key).Select(p => $"{p.Key}→{p.Value}"))}; scores > 255: {pastEightBit}");
        pastEightBit.Should().BeGreaterThan(500, "the test must exercise scores past the 8-bit range");
        lanes.GetValueOrDefault(16).Should().BeGreaterThan(0, "the 16-bit fallback must be exercised");
    }

    [Fact]
    public void Score_ScalarKernelOnRandomPairs_EqualsReference()
    {
        var random = new Random(99);
        for (var pair = 0; pair < 1000; pair++)
        {
            var alphabetSize = random.Next(4, 201);
            var query = RandomText(random, LogUniform(random, 1, 600), alphabetSize);
            var target = Embed(random, Mutate(random, query, random.NextDouble() * 0.3, alphabetSize), alphabetSize);
            var extend = random.Next(1, 4);
            var scoring = new AlignmentScoring(random.Next(1, 6), -random.Next(0, 6), extend + random.Next(0, 8), extend);
            var expected = ReferenceSmithWaterman.Score(query, target, scoring);
            var actual = GotohAligner.Score(query, target, scoring);
            (actual.Score, actual.TargetEnd).Should().Be(expected, $"pair {pair}");
        }
    }

    [Fact]
    public void Align_ScorePastSixteenBits_FallsBackToScalarAndMatchesReference()
    {
        var random = new Random(5);
        var query = RandomText(random, 1500, 20);
        var target = Embed(random, Mutate(random, query, 0.02, 20), 20);
        var scoring = new AlignmentScoring(100, -20, 30, 5);
        var expected = ReferenceSmithWaterman.Score(query, target, scoring);
        expected.Score.Should().BeGreaterThan(65_535);
        foreach (var width in Widths)
        {
            var aligner = new StripedAligner(query, scoring, width);
            var actual = aligner.Align(target);
            (actual.Score, actual.TargetEnd).Should().Be(expected, $"{width}");
            aligner.LastLaneBits.Should().Be(32);
        }
    }

    [Fact]
    public void Align_WorkedExample_ScoresThirteenWithGttAcOverGttGac()
    {
        // The textbook example: match +3, mismatch -3, linear gap -2.
        var scoring = new AlignmentScoring(3, -3, 2, 2);
        foreach (var width in Widths)
        {
            new StripedAligner("TGTTACGG", scoring, width).Align("GGTTGACTA").Score.Should().Be(13, $"{width}");
        }

        var alignment = GotohAligner.Align("TGTTACGG", "GGTTGACTA", scoring)!;
        alignment.Score.Should().Be(13);
        alignment.Render("TGTTACGG", "GGTTGACTA").Should().Be(("GTT-AC", "GTTGAC"));
        alignment.Operations.Should().Be("===D==");
        (alignment.QueryStart, alignment.QueryEnd, alignment.TargetStart, alignment.TargetEnd).Should().Be((1, 6, 1, 7));
    }

    [Theory]
    [InlineData("AAAAAAAAAA", "AAAAACCCAAAAA", 2, -1, 3, 1, 15)] // one gap of 3 in the query: 10*2 - (3 + 2*1) = 15
    [InlineData("AAAAAAAAAA", "AAAAACCCAAAAA", 2, -1, 12, 1, 11)] // opening is too dear: no gap, 7 matches and 3 mismatches = 11
    [InlineData("ACGTACGTAC", "ACGTAGTAC", 2, -1, 3, 1, 15)] // one target-side gap of 1: 9*2 - 3 = 15
    [InlineData("ACGTTTTTTACG", "ACGACG", 1, -5, 2, 1, 3)] // 6 gaps cost 2 + 5 = 7 > 3 gained: keep one side
    [InlineData("ACGTTTTTTACGACG", "ACGACGACG", 1, -5, 2, 1, 6)] // bridging 6 query-side gaps: 9 - 7 = 2 < 6 matches without
    public void Align_HandBuiltAffineCases_MatchExpectedScore(string query, string target, int match, int mismatch, int open, int extend, int expected)
    {
        var scoring = new AlignmentScoring(match, mismatch, open, extend);
        ReferenceSmithWaterman.Score(query, target, scoring).Score.Should().Be(expected);
        GotohAligner.Align(query, target, scoring)!.Score.Should().Be(expected);
        foreach (var width in Widths)
        {
            new StripedAligner(query, scoring, width).Align(target).Score.Should().Be(expected, $"{width}");
        }
    }

    [Fact]
    public void Align_AffineGapPreferredOverTwoOpenings_TracebackShowsOneGap()
    {
        var scoring = new AlignmentScoring(2, -1, 3, 1);
        var alignment = GotohAligner.Align("ABCDEFGHIJ", "ABCDEXYZFGHIJ", scoring)!;
        alignment.Operations.Should().Be("=====DDD=====");
        alignment.Score.Should().Be(20 - 5);
    }

    [Fact]
    public void Align_RandomPairs_TracebackScoreEqualsReferenceAndPathRecomputesIt()
    {
        var random = new Random(7);
        for (var pair = 0; pair < 300; pair++)
        {
            var alphabetSize = random.Next(4, 30);
            var query = RandomText(random, random.Next(1, 120), alphabetSize);
            var target = Embed(random, Mutate(random, query, random.NextDouble() * 0.3, alphabetSize), alphabetSize);
            var extend = random.Next(1, 3);
            var scoring = new AlignmentScoring(random.Next(1, 4), -random.Next(0, 4), extend + random.Next(0, 4), extend);
            var expected = ReferenceSmithWaterman.Score(query, target, scoring).Score;
            var alignment = GotohAligner.Align(query, target, scoring);
            (alignment?.Score ?? 0).Should().Be(expected);
            if (alignment is not null)
            {
                Rescore(alignment, query, target, scoring).Should().Be(expected, $"pair {pair}");
            }
        }
    }

    private static int Rescore(LocalAlignment alignment, string query, string target, AlignmentScoring scoring)
    {
        int score = 0, i = alignment.QueryStart, j = alignment.TargetStart;
        var previous = ' ';
        foreach (var op in alignment.Operations)
        {
            switch (op)
            {
                case '=':
                    query[i++].Should().Be(target[j++]);
                    score += scoring.Match;
                    break;
                case 'X':
                    query[i++].Should().NotBe(target[j++]);
                    score += scoring.Mismatch;
                    break;
                case 'I':
                    i++;
                    score -= previous == 'I' ? scoring.GapExtend : scoring.GapOpen;
                    break;
                default:
                    j++;
                    score -= previous == 'D' ? scoring.GapExtend : scoring.GapOpen;
                    break;
            }

            previous = op;
        }

        (i, j).Should().Be((alignment.QueryEnd, alignment.TargetEnd));
        return score;
    }

    private static int LogUniform(Random random, int min, int max) =>
        (int)System.Math.Clamp(System.Math.Round(System.Math.Exp(System.Math.Log(min) + (random.NextDouble() * (System.Math.Log(max) - System.Math.Log(min))))), min, max);

    private static char Symbol(Random random, int alphabetSize) => (char)(0x100 + random.Next(alphabetSize));

    private static string RandomText(Random random, int length, int alphabetSize)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Symbol(random, alphabetSize));
        }

        return builder.ToString();
    }

    /// <summary>Substitutions, insertions and deletions (runs of up to 8) at the given rate.</summary>
    private static string Mutate(Random random, string text, double rate, int alphabetSize)
    {
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            if (random.NextDouble() >= rate)
            {
                builder.Append(text[i]);
                continue;
            }

            switch (random.Next(3))
            {
                case 0:
                    builder.Append(Symbol(random, alphabetSize));
                    break;
                case 1:
                    builder.Append(text[i]).Append(RandomText(random, random.Next(1, 9), alphabetSize));
                    break;
                default:
                    i += random.Next(0, 8);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Embed(Random random, string core, int alphabetSize) =>
        RandomText(random, random.Next(0, 64), alphabetSize) + core + RandomText(random, random.Next(0, 64), alphabetSize);
}
