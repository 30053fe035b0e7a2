using MidTrain.Models.Remote;
using MidTrain.Models.Middleware;
using MidTrain.Models.Local;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Remote;

public sealed class FaultInjectionTests
{
    private static readonly string[] Kinds =
    [
        ModelFailureKinds.Transport, ModelFailureKinds.Timeout, ModelFailureKinds.RateLimited, ModelFailureKinds.CircuitOpen,
        ModelFailureKinds.ServerError, ModelFailureKinds.Parse,
    ];

    private static ModelSpec Spec(string endpoint) => new()
    {
        Name = "faulty",
        Provider = ModelProvider.Openai,
        Model = "m",
        OpenAi = new OpenAiModelOptions { Endpoint = endpoint },
        Resilience = new ResilienceOptions { MaxConcurrency = 32, AttemptTimeout = TimeSpan.FromSeconds(2), MaxRetries = 4, BaseDelay = TimeSpan.FromSeconds(0.02), MaxDelay = TimeSpan.FromSeconds(2), CircuitFailureRatio = 0.9, CircuitMinCalls = 20, CircuitWindow = TimeSpan.FromSeconds(1), CircuitBreak = TimeSpan.FromSeconds(0.5) },
    };

    [Fact]
    public async Task TwoHundredRequests_EveryFaultKind_EachEndsAsSuccessOrClassifiedFailure()
    {
        Fault[] cycle = [Fault.RateLimited, Fault.None, Fault.Status500, Fault.None, Fault.Status503, Fault.Reset, Fault.None, Fault.Slow, Fault.Truncated, Fault.Malformed, Fault.None, Fault.None];
        await using var server = new FaultInjectingServer(n => cycle[n % cycle.Length], slowDelay: TimeSpan.FromSeconds(5));
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), new ModelRuntimeOptions { LoggerFactory = loggerFactory });

        var outcomes = await Deadline.Within(Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                var response = await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, $"req-{i}")]);
                return response.Text == $"echo req-{i}" ? "ok" : "wrong:" + response.Text;
            }
            catch (ModelCallException ex)
            {
                return "failed:" + ex.Kind;
            }
        })), TimeSpan.FromSeconds(90), "200-request fault run");

        outcomes.Where(o => o != "ok").Should().OnlyContain(o => o.StartsWith("failed:") && Kinds.Contains(o.Substring(7)));
        outcomes.Count(o => o == "ok").Should().BeGreaterThan(120, "retries absorb most faults");
        server.Log.Select(l => l.Fault).Distinct().Should().HaveCount(cycle.Distinct().Count(), "every fault kind was injected");
        handle.Usage.Retries.Should().BeGreaterThan(50);
        handle.Usage.Requests.Should().Be(200);
        handle.Usage.Failures.Should().Be(outcomes.Count(o => o != "ok"));

        // Retry-After: 1 → every retry after a 429 waited exactly the server's 1 s (not our 20 ms backoff)...
        var retryDelays = logs.Lines.Where(l => l.Message.StartsWith("model call attempt", StringComparison.Ordinal) && l.Message.Contains("HTTP 429"))
            .Select(l => (TimeSpan)l.Values.Single(v => v.Key == "Delay").Value!).ToList();
        retryDelays.Should().NotBeEmpty().And.OnlyContain(d => d == TimeSpan.FromSeconds(1));

        // ...and the server saw the next attempt of such a request about a second later.
        var byTag = server.Log.GroupBy(l => l.Tag).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Ticks).ToList());
        var gaps = byTag.Values.SelectMany(attempts => attempts.Zip(attempts.Skip(1)).Where(p => p.First.Fault == Fault.RateLimited)
            .Select(p => Stopwatch.GetElapsedTime(p.First.Ticks, p.Second.Ticks))).ToList();
        gaps.Should().Contain(g => g >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task ConnectionRefused_FailsAsTransportAfterRetries()
    {
        var spec = Spec("http://127.0.0.1:9/v1");
        spec.Resilience.MaxRetries = 2;
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default);
        var act = () => handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);
        var ex = (await act.Should().ThrowAsync<ModelCallException>()).Which;
        ex.Kind.Should().Be(ModelFailureKinds.Transport);
        ex.Attempts.Should().Be(3);
    }

    [Fact]
    public async Task Status500_RetriedOnceThenServerErrorWithStatus_OtherEndpointUnaffected()
    {
        await using var server = new FaultInjectingServer(_ => Fault.None, TimeSpan.Zero);
        var spec = Spec(server.Endpoint);
        spec.Model = "m";
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default);
        await using var bad = new FaultInjectingServer(_ => Fault.Status500, TimeSpan.Zero);
        var badSpec = Spec(bad.Endpoint);
        badSpec.Resilience.MaxRetries = 1;
        await using var badHandle = await ModelFactory.CreateAsync(badSpec, ModelRuntimeOptions.Default);
        var act = () => badHandle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);
        var ex = (await act.Should().ThrowAsync<ModelCallException>()).Which;
        ex.Kind.Should().Be(ModelFailureKinds.ServerError);
        ex.StatusCode.Should().Be(500);
        bad.Attempts.Should().Be(2);
        (await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "fine")])).Text.Should().Be("echo fine");
    }
}
