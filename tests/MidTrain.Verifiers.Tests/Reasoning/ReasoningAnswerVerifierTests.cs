using MidTrain.Core.Records;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Verifiers.Tests.Reasoning;

public sealed class ReasoningAnswerVerifierTests
{
    private static Verdict Verify(Sample sample) =>
        new ReasoningAnswerVerifier(new ReasoningAnswerOptions()).VerifyAsync(sample).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Verify_TraceReachesTheBoxedAnswer_Passes()
    {
        var verdict = Verify(Traces.Inline(Traces.GoodTrace, Traces.GoodAnswer));

        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        verdict.Details!.Value.GetProperty("answer_extracted").GetString().Should().Be("720");
    }

    [Theory]
    [InlineData("So the total is 1440/2, i.e. the answer is 720.", "\\boxed{720}")]
    [InlineData("So the answer is $\\frac{3}{4}$.", "The probability is \\boxed{0.75}.")]
    public void Verify_EquivalentAnswersWrittenDifferently_Pass(string trace, string answer)
    {
        Verify(Traces.Sample(answer, trace)).Outcome.Should().Be(VerdictOutcome.Pass);
    }

    [Fact]
    public void Verify_TraceReachesAnotherAnswer_Fails()
    {
        var verdict = Verify(Traces.Sample(Traces.InconsistentAnswer, Traces.GoodTrace));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Be("the trace arrives at 720 but the answer gives 700");
    }

    [Fact]
    public void Verify_NoAnswerInTheTrace_IsInvalid()
    {
        var verdict = Verify(Traces.Sample(Traces.GoodAnswer, "I will think about polygons in general without any result."));

        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().Contain("in the trace");
    }
}
