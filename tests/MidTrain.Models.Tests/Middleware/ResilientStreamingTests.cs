using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Models.Middleware;

namespace MidTrain.Models.Tests.Middleware;

public sealed class ResilientStreamingTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_FailsBeforeFirstUpdate_IsRetried()
    {
        var inner = ScriptedChatClient.Steps(_ => throw new ModelCallException(ModelFailureKinds.ServerError, "503"), n => new ChatResponse(new ChatMessage(ChatRole.Assistant, "fine" + n)));
        var settings = new ResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(30), MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10), MaxConcurrency = 4, CircuitFailureRatio = 0.5, CircuitMinCalls = 10, CircuitWindow = TimeSpan.FromSeconds(10), CircuitBreak = TimeSpan.FromSeconds(5) };
        using var client = new ResilientChatClient(inner, settings, TimeProvider.System, NullLogger.Instance);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]))
        {
            updates.Add(u);
        }

        updates.ToChatResponse().Text.Should().Be("fine1");
        inner.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ClientError_ClassifiedNotRetried()
    {
        var inner = ScriptedChatClient.Steps(_ => throw new ModelCallException(ModelFailureKinds.ClientError, "401") { StatusCode = 401 });
        var settings = new ResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(30), MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10), MaxConcurrency = 4, CircuitFailureRatio = 0.5, CircuitMinCalls = 10, CircuitWindow = TimeSpan.FromSeconds(10), CircuitBreak = TimeSpan.FromSeconds(5) };
        using var client = new ResilientChatClient(inner, settings, TimeProvider.System, NullLogger.Instance);
        var act = async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]))
            {
            }
        };
        (await act.Should().ThrowAsync<ModelCallException>()).Which.Kind.Should().Be(ModelFailureKinds.ClientError);
        inner.CallCount.Should().Be(1);
    }
}
