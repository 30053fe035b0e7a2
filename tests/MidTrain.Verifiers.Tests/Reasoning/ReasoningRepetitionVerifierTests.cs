using MidTrain.Core.Records;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Verifiers.Tests.Reasoning;

public sealed class ReasoningRepetitionVerifierTests
{
    private static Verdict Verify(Sample sample) =>
        new ReasoningRepetitionVerifier(new ReasoningRepetitionOptions()).VerifyAsync(sample).AsTask().GetAwaiter().GetResult();

    [Theory]
    [InlineData(Traces.GoodTrace)]
    [InlineData(Traces.FrenchTrace)]
    [InlineData(Traces.DriftingTrace)]
    public void Verify_OrdinaryTraces_Pass(string trace)
    {
        var verdict = Verify(Traces.Sample(Traces.GoodAnswer, trace));

        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        verdict.Score.Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Verify_NgramLoop_Fails()
    {
        var verdict = Verify(Traces.Sample(Traces.GoodAnswer, Traces.LoopingTrace));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain("repeat an earlier 10-word sequence");
        verdict.Score.Should().BeLessThan(0.3);
    }

    [Fact]
    public void Verify_SameSentenceOverAndOver_Fails()
    {
        var verdict = Verify(Traces.Sample(Traces.GoodAnswer, Traces.RepeatedSentenceTrace));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Be("the sentence \"I should check the formula.\" appears 4 times, more than 3");
    }

    [Fact]
    public void Verify_DegenerateEnding_FailsForTheTraceOrTheAnswer()
    {
        Verify(Traces.Sample(Traces.GoodAnswer, Traces.DegenerateTrace)).Reason.Should().StartWith("the trace ends in \", so\" repeated 1").And.EndWith("times (a degenerate ending)");
        Verify(Traces.Sample("The answer is 720!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", Traces.GoodTrace)).Reason.Should().StartWith("the answer ends in \"!\"");
    }

    [Theory]
    [InlineData("so x = 0.3333333333", false)]
    [InlineData("and so on...", false)]
    [InlineData("ha ha ha ha ha ha ha ha ha", true)]
    [InlineData("abcabcabcabcabcabcabcabc", true)]
    [InlineData("abcabcabc", false)]
    public void DegenerateTail_FindsOnlyLongEnoughLoops(string text, bool degenerate)
    {
        (ReasoningRepetitionVerifier.DegenerateTail(text, 4, 24) is not null).Should().Be(degenerate);
    }

    [Fact]
    public void DuplicateShare_MatchesACountByHand()
    {
        // 12 words; with n = 3, "a b c" at positions 0 and 6 → the second copy covers 3 words; "b c d" repeats too
        // (positions 1 and 7) → covers words 7..9. Covered: 6, 7, 8, 9 → 4 of 12.
        var (words, share) = ReasoningRepetitionVerifier.DuplicateShare("a b c d e f a b c d x y", 3);

        words.Should().Be(12);
        share.Should().BeApproximately(4 / 12.0, 1e-12);
    }
}
