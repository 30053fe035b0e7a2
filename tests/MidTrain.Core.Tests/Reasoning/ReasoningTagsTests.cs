using MidTrain.Core.Reasoning;

namespace MidTrain.Core.Tests.Reasoning;

public sealed class ReasoningTagsTests
{
    private static readonly ReasoningTags Think = ReasoningTags.Think;

    [Fact]
    public void Split_LeadingTrace_SeparatesTrimmedTraceFromAnswer()
    {
        var text = "  <think>\nFirst, 2+2.\nSo 4.\n</think>\n\nThe answer is 4.";

        var split = Think.Split(text);

        split.Status.Should().Be(ReasoningTraceStatus.Closed);
        split.Reasoning.Should().Be("First, 2+2.\nSo 4.");
        split.Answer.Should().Be("The answer is 4.");
        text[split.AnswerStart..].Should().Be(split.Answer);
    }

    [Fact]
    public void Split_NoTrace_ReturnsTheWholeTextAsAnswer()
    {
        var split = Think.Split("  just an answer ");

        split.Should().Be(new ReasoningSplit(null, "  just an answer ", 0, ReasoningTraceStatus.None));
    }

    [Fact]
    public void Split_TraceNotAtTheStart_IsNotATrace()
    {
        var split = Think.Split("Sure. <think>hidden</think> done");

        split.Status.Should().Be(ReasoningTraceStatus.None);
        split.Answer.Should().Be("Sure. <think>hidden</think> done");
    }

    [Fact]
    public void Split_OnlyTheClosingTag_DetectsATraceOpenedInThePrompt()
    {
        var split = Think.Split("Let me see {a, b}.\n</think>\n{\"x\": 1}");

        split.Status.Should().Be(ReasoningTraceStatus.Closed);
        split.Reasoning.Should().Be("Let me see {a, b}.");
        split.Answer.Should().Be("{\"x\": 1}");
    }

    [Fact]
    public void Split_OnlyTheClosingTag_WithTagStart_IsNotATrace()
    {
        Think.Split("text </think> more", ReasoningStart.Tag).Status.Should().Be(ReasoningTraceStatus.None);
    }

    [Fact]
    public void Split_Unterminated_TakesTheRestAsTraceWithNoAnswer()
    {
        var text = "<think>I keep thinking and thinking";

        var split = Think.Split(text);

        split.Should().Be(new ReasoningSplit("I keep thinking and thinking", string.Empty, text.Length, ReasoningTraceStatus.Unterminated));
    }

    [Fact]
    public void Split_PromptStart_TreatsTheWholeTextAsTraceUntilTheTag()
    {
        Think.Split("all reasoning, never closed", ReasoningStart.Prompt).Status.Should().Be(ReasoningTraceStatus.Unterminated);
        Think.Split("r</think>a", ReasoningStart.Prompt).Should().Be(new ReasoningSplit("r", "a", 9, ReasoningTraceStatus.Closed));
    }

    [Fact]
    public void Split_EmptyTrace_IsClosedWithAnEmptyTrace()
    {
        // Qwen3 with thinking switched off writes an empty block.
        var split = Think.Split("<think>\n\n</think>\n\nHello");

        split.Reasoning.Should().BeEmpty();
        split.Answer.Should().Be("Hello");
    }

    [Fact]
    public void Split_CustomTags_AreHonoured()
    {
        var tags = new ReasoningTags("[THINK]", "[/THINK]");

        tags.Split("[THINK]plan[/THINK]answer").Should().Be(new ReasoningSplit("plan", "answer", 19, ReasoningTraceStatus.Closed));
    }

    [Theory]
    [InlineData("", "</think>")]
    [InlineData("<t>", "<t>")]
    public void EnsureUsable_EmptyOrEqualTags_Throws(string open, string close)
    {
        var act = () => new ReasoningTags(open, close).EnsureUsable();
        act.Should().Throw<ArgumentException>();
    }
}
