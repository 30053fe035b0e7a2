using Microsoft.Extensions.AI;
using MidTrain.Core.Structured;

namespace MidTrain.Core.Tests.Structured;

public sealed class CorrectingConversationTests
{
    private static (string? Value, string? Problem) Parse(string raw) => raw.StartsWith('{') ? (raw, null) : (null, $"'{raw}' is not an object");

    [Fact]
    public async Task AskAsync_UnusableThenUsable_SendsTheReplyAndACorrectionThenReturnsTheValue()
    {
        var client = new ScriptedChatClient("nope", "{\"a\": 1}");

        var outcome = await CorrectingConversation.AskAsync<string>(client, [new ChatMessage(ChatRole.User, "ask")], () => new ChatOptions(), 3, Parse, p => "fix: " + p);

        outcome.Value.Should().Be("{\"a\": 1}");
        outcome.Attempts.Should().Be(2);
        client.Calls[1].Messages.Select(m => (m.Role.Value, m.Text)).Should().Equal(("user", "ask"), ("assistant", "nope"), ("user", "fix: 'nope' is not an object"));
    }

    [Fact]
    public async Task AskAsync_NeverUsable_ReturnsTheLastRawAndProblemAfterExactlyMaxAttempts()
    {
        var client = new ScriptedChatClient("a", "b", "c");

        var outcome = await CorrectingConversation.AskAsync<string>(client, [new ChatMessage(ChatRole.User, "ask")], () => new ChatOptions(), 3, Parse, p => p);

        outcome.Value.Should().BeNull();
        outcome.Raw.Should().Be("c");
        outcome.Problem.Should().Be("'c' is not an object");
        outcome.Attempts.Should().Be(3);
        client.CallCount.Should().Be(3);
    }

    [Fact]
    public async Task AskAsync_FreshOptionsPerAttempt_AMutatingClientCannotLeakIntoTheNextAttempt()
    {
        var seen = new List<ChatOptions?>();
        var client = new ScriptedChatClient(call =>
        {
            seen.Add(call.Options);
            call.Options!.Temperature = 99;
            return ScriptedChatClient.Text(call.Number == 1 ? "x" : "{}");
        });

        await CorrectingConversation.AskAsync<string>(client, [new ChatMessage(ChatRole.User, "ask")], () => new ChatOptions { Temperature = 0 }, 2, Parse, p => p);

        seen.Should().HaveCount(2);
        seen[0].Should().NotBeSameAs(seen[1]);
    }

    [Fact]
    public async Task AskAsync_TransportError_Propagates()
    {
        var client = new ScriptedChatClient(_ => throw new HttpRequestException("refused"));
        var act = () => CorrectingConversation.AskAsync<string>(client, [], () => new ChatOptions(), 3, Parse, p => p);
        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task AskAsync_TraceCutOffAtTheLimit_StopsAtOnceAsTruncated()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reasoned("on and on", string.Empty, ChatFinishReason.Length));

        var outcome = await CorrectingConversation.AskAsync<string>(client, [new ChatMessage(ChatRole.User, "ask")], () => new ChatOptions(), 3, Parse, p => p);

        outcome.ReasoningTruncated.Should().BeTrue();
        outcome.Value.Should().BeNull();
        outcome.Reasoning.Should().Be("on and on");
        client.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task AskAsync_ReasonedReply_ParsesTheAnswerOnly_AndSendsNoTraceBack()
    {
        var client = new ScriptedChatClient(call => call.Number == 1
            ? ScriptedChatClient.Reasoned("{draft}", "nope")
            : ScriptedChatClient.Reasoned("second {try}", "{\"a\": 1}"));

        var outcome = await CorrectingConversation.AskAsync<string>(client, [new ChatMessage(ChatRole.User, "ask")], () => new ChatOptions(), 3, Parse, p => "fix: " + p);

        outcome.Value.Should().Be("{\"a\": 1}");
        outcome.Reasoning.Should().Be("second {try}");
        client.Calls[1].Messages[1].Text.Should().Be("nope");
        client.Calls[1].Messages[1].Contents.OfType<TextReasoningContent>().Should().BeEmpty();
    }

    [Fact]
    public async Task AskAsync_TraceButNoAnswer_SaysSoInTheCorrection()
    {
        var client = new ScriptedChatClient(call => call.Number == 1 ? ScriptedChatClient.Reasoned("thought", " ") : ScriptedChatClient.Text("{}"));

        await CorrectingConversation.AskAsync<string>(client, [new ChatMessage(ChatRole.User, "ask")], () => new ChatOptions(), 2, Parse, p => "fix: " + p);

        client.Calls[1].Messages[2].Text.Should().Be("fix: the reply holds only a reasoning trace, no answer after it");
    }
}
