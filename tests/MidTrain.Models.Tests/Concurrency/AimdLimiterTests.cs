using Microsoft.Extensions.Time.Testing;
using MidTrain.Models.Concurrency;

namespace MidTrain.Models.Tests.Concurrency;

public sealed class AimdLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private AimdLimiter Create(int min = 1, int max = 256, int initial = 8, double tolerance = 2) =>
        new(ConcurrencyLimit.Adaptive(min, max, initial, tolerance), _time, _time.GetTimestamp());

    private static void Succeed(AimdLimiter limiter, long started, int times, TimeSpan? latency = null)
    {
        for (var i = 0; i < times; i++)
        {
            limiter.OnSuccess(started, latency ?? TimeSpan.FromMilliseconds(100), 10, limiter.Limit);
        }
    }

    [Fact]
    public void OnSuccess_SlowStart_GrowsByOnePerSuccessUpToMax()
    {
        var limiter = Create(initial: 8, max: 20);

        Succeed(limiter, _time.GetTimestamp(), 8);
        limiter.Limit.Should().Be(16, "one round trip of 8 successes doubles the limit");
        Succeed(limiter, _time.GetTimestamp(), 100);
        limiter.Limit.Should().Be(20);
    }

    [Fact]
    public void OnOverload_ABurstOfRejectionsSentBeforeTheCut_HalvesOnce_ThenGrowthIsAdditive()
    {
        var limiter = Create(initial: 32);
        var sentBefore = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(10));

        for (var i = 0; i < 5; i++)
        {
            limiter.OnOverload(sentBefore, "429");
        }

        limiter.Limit.Should().Be(16);
        limiter.Decreases.Should().Be(1);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var sentAfter = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        limiter.OnOverload(sentAfter, "timeout");
        limiter.Limit.Should().Be(8, "a request sent after the cut may cut again");

        Succeed(limiter, _time.GetTimestamp(), 8);
        limiter.Limit.Should().Be(8, "after the first overload the limit grows by 1/limit per success");
        Succeed(limiter, _time.GetTimestamp(), 1);
        limiter.Limit.Should().Be(9, "one more per window of about limit successes");
        limiter.History.Select(h => h.Reason).Should().Equal("start", "429", "timeout");
    }

    [Fact]
    public void OnSuccess_NotUsingTheLimit_DoesNotGrow()
    {
        var limiter = Create(initial: 32);

        for (var i = 0; i < 100; i++)
        {
            limiter.OnSuccess(_time.GetTimestamp(), TimeSpan.FromMilliseconds(50), 10, inFlight: 4);
        }

        limiter.Limit.Should().Be(32);
    }

    [Fact]
    public void OnSuccess_LatencyPerTokenGrowsPastTheTolerance_CutsByATenth()
    {
        var limiter = Create(initial: 40, max: 40);
        Succeed(limiter, _time.GetTimestamp(), 30, TimeSpan.FromMilliseconds(100));
        limiter.Limit.Should().Be(40);

        _time.Advance(TimeSpan.FromMilliseconds(5));
        Succeed(limiter, _time.GetTimestamp(), 30, TimeSpan.FromMilliseconds(400));

        limiter.Limit.Should().Be(36);
        limiter.History[^1].Reason.Should().Be("latency");
    }

    [Fact]
    public void OnSuccess_LatencyToleranceZero_IgnoresLatency()
    {
        var limiter = Create(initial: 40, max: 40, tolerance: 0);
        Succeed(limiter, _time.GetTimestamp(), 30, TimeSpan.FromMilliseconds(100));
        Succeed(limiter, _time.GetTimestamp(), 30, TimeSpan.FromSeconds(5));

        limiter.Limit.Should().Be(40);
    }

    [Fact]
    public void OnOverload_RepeatedCuts_NeverBelowMin()
    {
        var limiter = Create(min: 3, initial: 16);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            var sent = _time.GetTimestamp();
            _time.Advance(TimeSpan.FromMilliseconds(1));
            limiter.OnOverload(sent, "429");
        }

        limiter.Limit.Should().Be(3);
    }
}
