using MidTrain.Models.Remote;
using MidTrain.Models.Local;
using Microsoft.Extensions.AI;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Middleware;

public sealed class ResponseCacheTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("cache");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RerunWithCache_TinyModel_ZeroModelCallsAndIdenticalOutputs()
    {
        var spec = new ModelSpec { Name = "tiny", Llama = new LlamaModelOptions { Path = "tiny", Context = 2048, Parallel = 4, Threads = 1 } };
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
