using Microsoft.Extensions.AI;
using MidTrain.Models.Middleware;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Middleware;

public sealed class ResponseCacheTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("cache");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RerunWithCache_TinyModel_ZeroModelCallsAndIdenticalOutputs()
    {
        var spec = new ModelSpec { Name = "tiny", Path = "tiny", Context = 2048, Parallel = 4, Threads = 1 };
        var runtime = new ModelRuntimeOptions { CacheDirectory = Path.Combine(_dir, "cache"), ModelDirectory = _dir };
        var prompts = Enumerable.Range(0, 6).Select(i => new[] { new ChatMessage(ChatRole.User, $"p{i}") }).ToList();
        var options = new ChatOptions { MaxOutputTokens = 8, Seed = 3 };

        List<string> first;
        await using (var run1 = await ModelFactory.CreateAsync(spec, runtime))
        {
            first = (await Task.WhenAll(prompts.Select(p => run1.Client.GetResponseAsync(p, options)))).Select(r => r.Text).ToList();
            run1.Usage.Requests.Should().Be(6);
        }

        await using var run2 = await ModelFactory.CreateAsync(spec, runtime);
        var second = (await Task.WhenAll(prompts.Select(p => run2.Client.GetResponseAsync(p, options)))).Select(r => r.Text).ToList();
        second.Should().Equal(first);
        run2.Usage.Requests.Should().Be(0, "every answer came from the cache");
        run2.Usage.CacheHits.Should().Be(6);

        // A different seed is a different key.
        await run2.Client.GetResponseAsync(prompts[0], new ChatOptions { MaxOutputTokens = 8, Seed = 4 });
        run2.Usage.Requests.Should().Be(1);
    }
}

public sealed class ResponseCacheUnitTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("cache-unit");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task GetResponseAsync_WithLogprobs_RoundTripsThroughDisk()
    {
        var logprobs = new List<TokenLogprob> { new() { Token = "a", Logprob = -0.5, Bytes = [97], TopLogprobs = [new() { Token = "a", Logprob = -0.5 }] } };
        var inner = new ScriptedChatClient(_ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "a")) { AdditionalProperties = new() { [TokenLogprob.AdditionalPropertiesKey] = logprobs } });
        using var cache = new ResponseCacheChatClient(inner, _dir, "fp");
        var first = await cache.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        var second = await cache.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        inner.Calls.Should().Be(1);
        second.Text.Should().Be("a");
        TokenLogprob.From(second).Should().BeEquivalentTo(TokenLogprob.From(first));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SecondTime_ReplaysFromDisk()
    {
        var inner = new ScriptedChatClient(n => new ChatResponse(new ChatMessage(ChatRole.Assistant, "streamed" + n)));
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
        inner.Calls.Should().Be(1);
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
