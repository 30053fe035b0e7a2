using MidTrain.Core.Reasoning;

namespace MidTrain.Core.Tests.Reasoning;

public sealed class ReasoningTemplateTests
{
    [Fact]
    public void Render_Default_WritesTheTraceInThinkTagsBeforeTheAnswer()
    {
        ReasoningTemplate.Default.Render("a {answer} b", "42").Should().Be("<think>\na {answer} b\n</think>\n\n42");
    }

    [Fact]
    public void Tags_AreReadFromTheTemplate_SoARenderedContentSplitsBack()
    {
        var template = new ReasoningTemplate("<reasoning>{reasoning}</reasoning>\n{answer}");

        template.Tags.Should().Be(new ReasoningTags("<reasoning>", "</reasoning>"));
        var split = template.Tags.Split(template.Render("because", "yes"));
        (split.Reasoning, split.Answer).Should().Be(("because", "yes"));
    }

    [Theory]
    [InlineData("{answer}")]
    [InlineData("<t>{reasoning}</t>{answer}{answer}")]
    [InlineData("{answer}<t>{reasoning}</t>")]
    [InlineData("{reasoning}\n\n{answer}")]
    [InlineData("<t>{reasoning}<t>{answer}")]
    public void Constructor_UnusableTemplate_Throws(string text)
    {
        var act = () => new ReasoningTemplate(text);
        act.Should().Throw<ArgumentException>();
    }
}
