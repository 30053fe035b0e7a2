using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;

namespace MidTrain.Core.Tests.Reasoning;

public sealed class SampleReasoningTests
{
    private static Sample Reasoned() => new()
    {
        Id = "s1",
        Source = new SourceSpan("d", 0, 0, 1),
        Messages = [new Message(Message.User, "2+2?"), new Message(Message.Assistant, "4") { Reasoning = "two and two" }],
    };

    [Fact]
    public void Apply_Separate_KeepsTheTraceInItsField()
    {
        var sample = Reasoned();
        SampleReasoning.Apply(sample, ReasoningMode.Separate, ReasoningTemplate.Default).Should().BeSameAs(sample);
    }

    [Fact]
    public void Apply_Keep_WritesTheTraceIntoTheContent()
    {
        var kept = SampleReasoning.Apply(Reasoned(), ReasoningMode.Keep, ReasoningTemplate.Default);

        kept.Messages[1].Should().Be(new Message(Message.Assistant, "<think>\ntwo and two\n</think>\n\n4"));
        kept.Id.Should().Be("s1");
    }

    [Fact]
    public void Apply_Drop_RemovesTheTrace()
    {
        SampleReasoning.Apply(Reasoned(), ReasoningMode.Drop, ReasoningTemplate.Default).Messages[1].Should().Be(new Message(Message.Assistant, "4"));
    }

    [Fact]
    public void ForJudge_Hidden_ShowsTheAnswerOnly_WhetherTheTraceIsSeparateOrInline()
    {
        var separate = Reasoned();
        var inline = SampleReasoning.Apply(separate, ReasoningMode.Keep, ReasoningTemplate.Default);

        SampleReasoning.ForJudge(separate, showReasoning: false, ReasoningTemplate.Default).Messages[1].Should().Be(new Message(Message.Assistant, "4"));
        SampleReasoning.ForJudge(inline, showReasoning: false, ReasoningTemplate.Default).Messages[1].Should().Be(new Message(Message.Assistant, "4"));
    }

    [Fact]
    public void ForJudge_Shown_WritesASeparateTraceIntoTheContent()
    {
        SampleReasoning.ForJudge(Reasoned(), showReasoning: true, ReasoningTemplate.Default).Messages[1].Content.Should().Be("<think>\ntwo and two\n</think>\n\n4");
    }

    [Fact]
    public void Message_Reasoning_IsWrittenAsReasoningContentAndOmittedWhenNull()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Reasoned().Messages, Core.Jsonl.JsonDefaults.Options);

        json.Should().Be("[{\"role\":\"user\",\"content\":\"2+2?\"},{\"role\":\"assistant\",\"content\":\"4\",\"reasoning_content\":\"two and two\"}]");
        System.Text.Json.JsonSerializer.Deserialize<Message[]>(json, Core.Jsonl.JsonDefaults.Options)![1].Reasoning.Should().Be("two and two");
    }
}
