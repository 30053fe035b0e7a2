using MidTrain.Core.Records;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Verifiers.Tests.Reasoning;

public sealed class ReasoningLengthVerifierTests
{
    private static Verdict Verify(Sample sample, ReasoningLengthOptions options, Func<string, int>? tokens = null) =>
        new ReasoningLengthVerifier(options, tokens).VerifyAsync(sample).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void Verify_WithinEveryBound_PassesWithTheMeasures()
    {
        var verdict = Verify(Traces.Inline(Traces.GoodTrace, Traces.GoodAnswer), new ReasoningLengthOptions { MinChars = 100, MaxChars = 2000, MaxRatio = 20 });

        verdict.Outcome.Should().Be(VerdictOutcome.Pass, verdict.Reason);
        verdict.Details!.Value.GetProperty("chars").GetInt32().Should().Be(Traces.GoodTrace.Length);
        verdict.Details.Value.GetProperty("answer_chars").GetInt32().Should().Be(Traces.GoodAnswer.Length);
    }

    [Theory]
    [InlineData(1000, null, null, "fewer than 1000")]
    [InlineData(1, 100, null, "more than 100")]
    [InlineData(1, null, 3.0, "overthinking")]
    public void Verify_OutOfBounds_FailsNamingTheBound(int minChars, int? maxChars, double? maxRatio, string fault)
    {
        var verdict = Verify(Traces.Sample(Traces.GoodAnswer, Traces.GoodTrace), new ReasoningLengthOptions { MinChars = minChars, MaxChars = maxChars, MaxRatio = maxRatio });

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain(fault);
    }

    [Fact]
    public void Verify_EmptyTrace_FailsByDefault()
    {
        Verify(Traces.Sample(Traces.GoodAnswer, string.Empty), new ReasoningLengthOptions()).Reason.Should().Contain("0 characters, fewer than 1");
    }

    [Fact]
    public void Verify_TokenBounds_UseTheCounter()
    {
        Func<string, int> words = text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var sample = Traces.Sample(Traces.GoodAnswer, Traces.GoodTrace);

        Verify(sample, new ReasoningLengthOptions { Tokenizer = "m", MaxTokens = 200 }, words).Outcome.Should().Be(VerdictOutcome.Pass);
        var verdict = Verify(sample, new ReasoningLengthOptions { Tokenizer = "m", MaxTokens = 20 }, words);
        verdict.Reason.Should().Be($"the trace has {words(Traces.GoodTrace)} tokens, more than 20");
    }

    [Fact]
    public void Verify_NoTrace_IsInvalid()
    {
        Verify(Traces.Sample(Traces.GoodAnswer), new ReasoningLengthOptions()).Outcome.Should().Be(VerdictOutcome.Invalid);
    }

    [Fact]
    public void Options_TokenBoundWithoutTokenizer_AreRejected()
    {
        var act = () => new ReasoningLengthOptions { MaxTokens = 10 }.Validate();
        act.Should().Throw<MidTrain.Core.Configuration.OptionsValidationException>().Which.Key.Should().Be("max_tokens");
    }
}
