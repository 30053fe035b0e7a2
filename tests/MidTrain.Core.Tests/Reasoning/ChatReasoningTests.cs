using Microsoft.Extensions.AI;
using MidTrain.Core.Reasoning;

namespace MidTrain.Core.Tests.Reasoning;

public sealed class ChatReasoningTests
{
    [Fact]
    public void Of_ReasoningContent_IsTheTraceAndTextIsTheAnswerOnly()
    {
        var response = ScriptedChatClient.Reasoned("let me think", "{\"a\": 1}");

        ChatReasoning.Of(response).Should().Be("let me think");
        response.Text.Should().Be("{\"a\": 1}");
    }

    [Fact]
    public void Of_NoReasoning_IsNull()
    {
        ChatReasoning.Of(ScriptedChatClient.Text("x")).Should().BeNull();
    }

    [Fact]
    public void IsTruncated_LengthWithTraceAndNoAnswer_IsTrue_OtherwiseFalse()
    {
        ChatReasoning.IsTruncated(ScriptedChatClient.Reasoned("on and on", "", ChatFinishReason.Length)).Should().BeTrue();
        ChatReasoning.IsTruncated(ScriptedChatClient.Reasoned("done", "", ChatFinishReason.Stop)).Should().BeFalse();
        ChatReasoning.IsTruncated(ScriptedChatClient.Reasoned("done", "{\"a\"", ChatFinishReason.Length)).Should().BeFalse();
        ChatReasoning.IsTruncated(new ChatResponse(new ChatMessage(ChatRole.Assistant, "")) { FinishReason = ChatFinishReason.Length }).Should().BeFalse();
    }
}
