using MidTrain.Core.Models;
using Microsoft.Extensions.AI;
using MidTrain.Models.Middleware;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Middleware;

public sealed class ResponseCacheChatClientTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("cache-unit");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task GetResponseAsync_WithLogprobs_RoundTripsThroughDisk()
    {
        var logprobs = new List<TokenLogprob> { new("a", -0.5, [new TokenLogprob("a", -0.5)], [97]) };
        var inner = ScriptedChatClient.Steps(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "a")) { AdditionalProperties = new() { [ChatLogprobs.ResponseKey] = logprobs } });
        using var cache = new ResponseCacheChatClient(inner, _dir, "fp");
        var first = await cache.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        var second = await cache.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        inner.CallCount.Should().Be(1);
        second.Text.Should().Be("a");
        ChatLogprobs.FromResponse(second).Should().BeEquivalentTo(ChatLogprobs.FromResponse(first));
    }

    [Fact]
    public async Task GetResponseAsync_WithReasoning_ReplaysTheTraceApartFromTheAnswer()
    {
        var inner = ScriptedChatClient.Steps(_ => ScriptedChatClient.Reasoned("because {x}", "{\"a\": 1}"));
        using var cache = new ResponseCacheChatClient(inner, _dir, "fp");
        await cache.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        var second = await cache.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        inner.CallCount.Should().Be(1);
        second.Text.Should().Be("{\"a\": 1}");
        MidTrain.Core.Reasoning.ChatReasoning.Of(second).Should().Be("because {x}");
    }

    [Fact]
    public void Key_ReasoningEffort_ChangesTheKeyOnlyWhenSet()
    {
        using var cache = new ResponseCacheChatClient(ScriptedChatClient.Steps(_ => ScriptedChatClient.Text("x")), _dir, "fp");
        List<ChatMessage> messages = [new(ChatRole.User, "q")];
        var plain = cache.Key(messages, new ChatOptions { Seed = 1 });
        var high = cache.Key(messages, new ChatOptions { Seed = 1, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });
        var low = cache.Key(messages, new ChatOptions { Seed = 1, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });
        new[] { plain, high, low }.Should().OnlyHaveUniqueItems();
        cache.Key(messages, new ChatOptions { Seed = 1 }).Should().Be(plain);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SecondTime_ReplaysFromDisk()
    {
        var inner = ScriptedChatClient.Steps(n => new ChatResponse(new ChatMessage(ChatRole.Assistant, "streamed" + n)));
        using var cache = new ResponseCacheChatClient(inner, _dir, "fp");
        async Task<string> Stream()
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var u in cache.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { Seed = 1 }))
            {
                updates.Add(u);
            }

            return updates.ToChatResponse().Text;
        }

        (await Stream()).Should().Be("streamed0");
        (await Stream()).Should().Be("streamed0");
        inner.CallCount.Should().Be(1);
    }

    [Fact]
    public void Key_DiffersByFingerprintMessagesOptionsAndSeed()
    {
        using var a = new ResponseCacheChatClient(new ScriptedChatClient(), _dir, "fp-a");
        using var b = new ResponseCacheChatClient(new ScriptedChatClient(), _dir, "fp-b");
        ChatMessage[] m = [new(ChatRole.User, "q")];
        var keys = new[]
        {
            a.Key(m, null),
            b.Key(m, null),
            a.Key([new(ChatRole.User, "q2")], null),
            a.Key(m, new ChatOptions { Seed = 1 }),
            a.Key(m, new ChatOptions { Seed = 2 }),
            a.Key(m, new ChatOptions { Seed = 1, Temperature = 0.5f }),
            a.Key(m, new ChatOptions { Seed = 1, ResponseFormat = ChatResponseFormat.Json }),
        };
        keys.Should().OnlyHaveUniqueItems();
        a.Key(m, new ChatOptions { Seed = 1 }).Should().Be(a.Key([new(ChatRole.User, "q")], new ChatOptions { Seed = 1 }));
    }
}
