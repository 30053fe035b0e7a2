using System.Diagnostics;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;
using MidTrain.Models.Concurrency;
using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Concurrency;

/// <summary>
/// <c>max_concurrency: auto</c> through the whole remote stack (SK connector, pool, resilience, usage) against loopback
/// servers whose capacity is known: requests beyond it are answered 429 with <c>retry-after-ms</c>.
/// </summary>
public sealed class AdaptiveConcurrencyTests(ITestOutputHelper output)
{
    private static async Task<ModelHandle> Model(IReadOnlyList<string> endpoints, ConcurrencyLimit limit) =>
        await ModelFactory.CreateAsync(
            new ModelSpec
            {
                Name = "auto",
                Provider = ModelProvider.Openai,
                Model = "fake",
                OpenAi = new OpenAiModelOptions { Endpoints = endpoints },
                Resilience = new ResilienceOptions { Concurrency = limit, MaxRetries = 8, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromSeconds(1), CircuitMinCalls = 1000 },
            },
            ModelRuntimeOptions.Default);

    [Fact]
    public async Task Auto_ServerCapacityMovesMidRun_TheLimitFollowsIt_AndAtMostOnePercentOfRequestsFail()
    {
        var capacity = 24;
        await using var server = new FakeOpenAiServer { Latency = TimeSpan.FromMilliseconds(40), Capacity = () => Volatile.Read(ref capacity), RetryAfterMs = 20 };
        await using var model = await Model([server.Endpoint], ConcurrencyLimit.Adaptive(min: 1, max: 128, initial: 4));
        var concurrency = (AdaptiveConcurrency)model.Client.GetService(typeof(AdaptiveConcurrency))!;
        var samples = new List<(int Capacity, int Limit)>();
        var failures = 0;
        var requests = 0;
        using var stop = new CancellationTokenSource();

        // 64 callers keep the endpoint saturated; the capacity goes 24 → 8 → 32, four seconds each.
        var callers = Enumerable.Range(0, 64).Select(async c =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref requests);
                try
                {
                    await model.Client.GetResponseAsync($"caller {c} request {Volatile.Read(ref requests)}");
                }
                catch (ModelCallException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }).ToArray();

        var phase = Stopwatch.StartNew();
        foreach (var next in new[] { 24, 8, 32 })
        {
            Volatile.Write(ref capacity, next);
            phase.Restart();
            while (phase.Elapsed < TimeSpan.FromSeconds(4))
            {
                await Task.Delay(25);
                if (phase.Elapsed > TimeSpan.FromSeconds(2))
                {
                    samples.Add((next, concurrency.Endpoints[0].Limit)); // settled: the second half of the phase
                }
            }
        }

        await stop.CancelAsync();
        await Deadline.Within(Task.WhenAll(callers), TimeSpan.FromSeconds(30), "callers");

        foreach (var group in samples.GroupBy(s => s.Capacity))
        {
            var limits = group.Select(s => s.Limit).Order().ToArray();
            var median = limits[limits.Length / 2];
            output.WriteLine($"capacity {group.Key}: median limit {median}, range {limits[0]}..{limits[^1]}");
            median.Should().BeInRange((int)(group.Key * 0.4), (int)Math.Ceiling(group.Key * 1.25), $"at capacity {group.Key} the limit follows it (limits seen: {string.Join(",", limits.Distinct())})");
        }

        output.WriteLine($"{requests} requests, {failures} failed, {server.RateLimited} answered 429 of {server.RateLimited + server.Requests} attempts");
        var failed = (double)failures / requests;
        failed.Should().BeLessThanOrEqualTo(0.01, $"{failures} of {requests} requests failed");
        var rejected = (double)server.RateLimited / (server.RateLimited + server.Requests);
        rejected.Should().BeLessThan(0.05, $"{server.RateLimited} attempts of {server.RateLimited + server.Requests} were answered 429");
        model.Usage.Retries.Should().Be(server.RateLimited, "every 429 is retried");
        concurrency.ToJson()["endpoints"]![0]!["history"]!.AsArray().Should().Contain(h => h![2]!.GetValue<string>() == "429");
    }

    [Fact]
    public async Task Auto_PoolOfTwoEndpoints_EachLimitFollowsItsOwnCapacity()
    {
        await using var small = new FakeOpenAiServer { Latency = TimeSpan.FromMilliseconds(30), Capacity = () => 4, RetryAfterMs = 10 };
        await using var large = new FakeOpenAiServer { Latency = TimeSpan.FromMilliseconds(30), Capacity = () => 20, RetryAfterMs = 10 };
        await using var model = await Model([small.Endpoint, large.Endpoint], ConcurrencyLimit.Adaptive(min: 1, max: 64, initial: 2));
        var concurrency = (AdaptiveConcurrency)model.Client.GetService(typeof(AdaptiveConcurrency))!;

        await Task.WhenAll(Enumerable.Range(0, 48).Select(async c =>
        {
            for (var i = 0; i < 25; i++)
            {
                await model.Client.GetResponseAsync($"caller {c} request {i}");
            }
        }));

        var endpoints = concurrency.Endpoints;
        endpoints[0].Limit.Should().BeInRange(1, 6);
        endpoints[1].Limit.Should().BeInRange(8, 26);
        large.Requests.Should().BeGreaterThan(2 * small.Requests, "the larger endpoint takes the larger share");
        // Requests sent to it, refused ones included (the fake serves at most 4): the limiter probes just past the capacity
        // (5 or 6 measured), where the 48 callers alone would put dozens in flight.
        small.MaxInFlight.Should().BeLessThanOrEqualTo(8, "the small endpoint's limit is probed just past its capacity of 4, no further");
    }

    [Fact]
    public async Task Auto_RetryAfter_IsHonouredByTheRetryLayer()
    {
        var first = 1;
        await using var server = new FakeOpenAiServer { Capacity = () => Interlocked.Exchange(ref first, 0) == 1 ? 0 : int.MaxValue, RetryAfterMs = 400 };
        await using var model = await Model([server.Endpoint], ConcurrencyLimit.Adaptive());

        await model.Client.GetResponseAsync("once rejected");

        var attempts = server.ChatAttempts.ToArray();
        attempts.Select(a => a.Status).Should().Equal(429, 200);
        Stopwatch.GetElapsedTime(attempts[0].Ticks, attempts[1].Ticks).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390), "the server asked for 400 ms; the backoff alone is 10 ms");
    }
}
