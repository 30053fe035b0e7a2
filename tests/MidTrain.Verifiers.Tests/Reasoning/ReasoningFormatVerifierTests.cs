using MidTrain.Core.Records;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Verifiers.Tests.Reasoning;

public sealed class ReasoningFormatVerifierTests
{
    private static Verdict Verify(Sample sample, ReasoningFormatOptions? options = null) =>
        new ReasoningFormatVerifier(options ?? new ReasoningFormatOptions()).VerifyAsync(sample).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Verify_InlineTraceThenAnswer_Passes()
    {
        var verdict = Verify(Traces.Inline(Traces.GoodTrace, Traces.GoodAnswer));

        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        verdict.Details!.Value.GetProperty("open_tags").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Verify_SeparateTraceAndCleanAnswer_Passes()
    {
        Verify(Traces.Sample(Traces.GoodAnswer, Traces.GoodTrace)).Outcome.Should().Be(VerdictOutcome.Pass);
    }

    [Theory]
    [InlineData("<think>I am thinking and never stop", "never closed")]
    [InlineData("<think>first <think>nested</think> back</think>\n\nAnswer.", "nested")]
    [InlineData("<think>plan</think>\n\nAnswer.<think>more</think>", "second trace")]
    [InlineData("<think>plan</think>\n\nAnswer.</think>", "stray </think>")]
    [InlineData("<think>plan</think>\n\n   ", "no answer follows")]
    [InlineData("Sure! <think>plan</think> Answer.", "text comes before the trace")]
    [InlineData("plan without an opening tag</think>Answer.", "no opening <think>")]
    [InlineData("<think>   </think>Answer.", "the trace is empty")]
    [InlineData("Just an answer.", "no reasoning trace")]
    public void Verify_FaultyInlineTrace_FailsNamingTheFault(string content, string fault)
    {
        var verdict = Verify(Traces.Sample(content));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain(fault);
    }

    [Theory]
    [InlineData("plan <think> inside", "Answer.", "nested or second trace")]
    [InlineData("plan", "<think>again</think> Answer.", "second trace")]
    [InlineData("plan", " ", "no answer follows")]
    public void Verify_FaultySeparateTrace_FailsNamingTheFault(string trace, string content, string fault)
    {
        var verdict = Verify(Traces.Sample(content, trace));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain(fault);
    }

    [Fact]
    public void Verify_Options_LoosenTheRules()
    {
        Verify(Traces.Sample("Just an answer."), new ReasoningFormatOptions { RequireTrace = false }).Outcome.Should().Be(VerdictOutcome.Pass);
        Verify(Traces.Sample("plan</think>Answer."), new ReasoningFormatOptions { AllowOpenedInPrompt = true }).Outcome.Should().Be(VerdictOutcome.Pass);
        Verify(Traces.Sample("[THINK]plan[/THINK]Answer."), new ReasoningFormatOptions { Tags = ["[THINK]", "[/THINK]"] }).Outcome.Should().Be(VerdictOutcome.Pass);
        Verify(Traces.Inline("plan", "Yes."), new ReasoningFormatOptions { MinAnswerChars = 10 }).Reason.Should().Contain("fewer than 10");
    }
}
