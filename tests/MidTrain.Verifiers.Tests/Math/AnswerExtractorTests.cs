using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class AnswerExtractorTests
{
    private static AnswerCandidate First(string text) => AnswerExtractor.Extract(text, CheckBudget.Unlimited())[0];

    [Fact]
    public void Extract_Boxed_TakesNestedBraces()
    {
        var c = First("so we get $x = 1$ and \\boxed{\\frac{1}{\\sqrt{2}}} in the end, then $7$");
        c.Content.Should().Be("\\frac{1}{\\sqrt{2}}");
        c.Rule.Should().Be("boxed");
    }

    [Fact]
    public void Extract_SeveralBoxesJoinedByAnd_AreOneJoinedAnswer()
    {
        var c = First("The roots are \\boxed{1} and \\boxed{-2}.");
        c.Content.Should().Be("1, -2");
        c.Joined.Should().BeTrue();
    }

    [Fact]
    public void Extract_BoxesSeparatedByProse_TakesTheLast()
    {
        First("\\boxed{1} no no no no no \\boxed{2}").Content.Should().Be("2");
    }

    [Fact]
    public void Extract_FinalAnswerAfterIntermediateBoxes_WinsByPosition()
    {
        var c = First("first \\boxed{200}, then \\boxed{255}. Final Answer: The final answer is $10,455$. I hope it is correct.");
        c.Content.Should().Be("10,455");
        c.Rule.Should().Be("final answer");
    }

    [Fact]
    public void Extract_FinalAnswerSentence_TakesWhatFollowsTheLastIs()
    {
        First("Final Answer: The largest $n$ is 34.").Content.Should().Be("34");
    }

    [Fact]
    public void Extract_AnswerIs_BeforeLastEnvironment()
    {
        First("Thus the answer is $7$. Check: $3 + 4 = 7$ holds, and $x$ is fine.").Content.Should().Be("7");
    }

    [Fact]
    public void Extract_NoMarkers_TakesTheLaterOfLastEnvironmentAndLastNumber()
    {
        First("We have $d = \\frac{90}{n}$, so there are 12 sequences.").Content.Should().Be("12");
        First("There are 12 sequences with $d = 3$").Content.Should().Be("d = 3");
    }

    [Fact]
    public void Extract_InlineDollarsAcrossLines_AreNotAnEnvironment()
    {
        var candidates = AnswerExtractor.Extract("Answer $ \n 9 \n $", CheckBudget.Unlimited());
        candidates.Should().OnlyContain(c => c.Rule == "last number");
    }

    [Fact]
    public void Extract_BareExpression_IsTheWholeText()
    {
        var c = First("-10/9");
        c.Content.Should().Be("-10/9");
        c.Rule.Should().Be("whole text");
    }

    [Fact]
    public void Extract_NumberInsideAWord_IsNotANumber()
    {
        AnswerExtractor.Extract("AZYUK2A", CheckBudget.Unlimited()).Should().BeEmpty();
    }
}
