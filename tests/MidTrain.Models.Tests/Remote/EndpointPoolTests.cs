using MidTrain.Models.Remote;
using MidTrain.Models.Middleware;
using MidTrain.Models.Local;
using Microsoft.Extensions.AI;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Remote;

public sealed class EndpointPoolTests
{
    [Fact]
    public async Task TwoEndpoints_ConcurrentLoad_SpreadByOutstandingRequests()
    {
        await using var a = new FaultInjectingServer(_ => Fault.None, TimeSpan.Zero, latency: TimeSpan.FromMilliseconds(50));
        await using var b = new FaultInjectingServer(_ => Fault.None, TimeSpan.Zero, latency: TimeSpan.FromMilliseconds(50));
        var spec = new ModelSpec { Name = "pool", Provider = ModelProvider.Openai, Model = "m", OpenAi = new OpenAiModelOptions { Endpoints = [a.Endpoint, b.Endpoint] }, Resilience = new ResilienceOptions { MaxConcurrency = 8 } };
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default);
        await Deadline.Within(Task.WhenAll(Enumerable.Range(0, 40).Select(i => handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "r" + i)]))), TimeSpan.FromSeconds(30));
        a.Attempts.Should().BeInRange(14, 26);
        b.Attempts.Should().BeInRange(14, 26);
        (a.Attempts + b.Attempts).Should().Be(40);
    }

    [Fact]
    public async Task OneEndpointDown_RequestsRetryOntoTheHealthyOne()
    {
        await using var good = new FaultInjectingServer(_ => Fault.None, TimeSpan.Zero);
        await using var bad = new FaultInjectingServer(_ => Fault.Status503, TimeSpan.Zero);
        var spec = new ModelSpec { Name = "pool", Provider = ModelProvider.Openai, Model = "m", OpenAi = new OpenAiModelOptions { Endpoints = [bad.Endpoint, good.Endpoint] }, Resilience = new ResilienceOptions { BaseDelay = TimeSpan.FromSeconds(0.01), MaxRetries = 3 } };
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default);
        for (var i = 0; i < 10; i++)
        {
            (await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "x" + i)])).Text.Should().Be("echo x" + i);
        }

        bad.Attempts.Should().BeLessThanOrEqualTo(2, "a failing endpoint is benched after its first failure");
        good.Attempts.Should().BeGreaterThanOrEqualTo(10);
    }
}
