using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Limits;
using MidTrain.Orchestrator.Models;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Orchestrator.Tests.Limits;

public sealed class RunLimitsTests
{
    private static RunLimits Limits(BudgetOptions? budget, TargetOptions? target, Func<RunSpending> spent, Func<long>? accepted = null) =>
        new(budget, target, spent, accepted ?? (() => 0), TimeSpan.Zero);

    [Theory]
    [InlineData(199.99, null)]
    [InlineData(200.04, "budget reached: usd 200.04 of 200")]
    public void ShouldStop_UsdBudget_StopsAtTheLimitWithTheIssueMessage(double spentUsd, string? message)
    {
        var limits = Limits(new BudgetOptions { Usd = 200 }, null, () => new RunSpending(spentUsd, true, 0, 0, TimeSpan.Zero));

        limits.ShouldStop().Should().Be(message is not null);
        limits.Stop?.Message.Should().Be(message);
    }

    [Fact]
    public void ShouldStop_EachBudgetKey_NamesTheOneReached()
    {
        var spent = new RunSpending(1, true, 5_000_000_000, 10, TimeSpan.FromHours(13));
        Limits(new BudgetOptions { Tokens = 5e9 }, null, () => spent).Evaluate()!.Message.Should().Be("budget reached: tokens 5000000000 of 5000000000");
        Limits(new BudgetOptions { Requests = 10 }, null, () => spent).Evaluate()!.Key.Should().Be("requests");
        Limits(new BudgetOptions { Wall = TimeSpan.FromHours(12) }, null, () => spent).Evaluate()!.Message.Should().Be("budget reached: wall 13h00m of 12h00m");
        Limits(new BudgetOptions { Requests = 11 }, null, () => spent).Evaluate().Should().BeNull();
    }

    [Fact]
    public void ShouldStop_Target_StopsOnceAndTheDecisionSticks()
    {
        long accepted = 9;
        var limits = Limits(null, new TargetOptions { Accepted = 10 }, () => new RunSpending(0, false, 0, 0, TimeSpan.Zero), () => accepted);

        limits.ShouldStop().Should().BeFalse();
        accepted = 10;
        limits.ShouldStop().Should().BeTrue();
        limits.Stop!.Should().Be(new LimitStop("target", "accepted", 10, 10, "target met: 10 accepted (target 10)"));
        accepted = 0;
        limits.ShouldStop().Should().BeTrue("a stop is final");
    }

    [Fact]
    public async Task ShouldStop_WallBudget_TripsWhenTheFakeClockPassesItCountingEarlierSessions()
    {
        var clock = new FakeTimeProvider();
        await using var models = new ModelRegistry(new Dictionary<string, ConfigMapping>(), (_, _) => throw new InvalidOperationException("no models here"));
        var earlierSession = JsonNode.Parse("""{"usage": {"wall_s": 3600}}""")!.AsObject();
        var ledger = new UsageLedger(models, earlierSession, clock);
        var limits = new RunLimits(new BudgetOptions { Wall = TimeSpan.FromHours(2) }, null, ledger.Spent, () => 0, TimeSpan.FromSeconds(1), clock);

        limits.ShouldStop().Should().BeFalse();
        clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59));
        limits.ShouldStop().Should().BeFalse("1 h before the resume plus 59 min 59 s since is under 2 h");
        clock.Advance(TimeSpan.FromSeconds(1));
        limits.ShouldStop().Should().BeTrue();

        limits.Stop!.Key.Should().Be("wall");
        limits.Stop.Message.Should().Be("budget reached: wall 2h00m of 2h00m");
    }

    [Fact]
    public void ShouldStop_WithinTheCheckInterval_ReusesTheLastLookUntilTheFakeClockPassesIt()
    {
        var clock = new FakeTimeProvider();
        var reads = 0;
        var limits = new RunLimits(
            new BudgetOptions { Requests = 10 },
            null,
            () => new RunSpending(0, false, 0, ++reads >= 2 ? 10 : 0, TimeSpan.Zero),
            () => 0,
            TimeSpan.FromSeconds(5),
            clock);

        limits.ShouldStop().Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        limits.ShouldStop().Should().BeFalse("the figures are not re-read within the interval");
        reads.Should().Be(1);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        limits.ShouldStop().Should().BeTrue();
        reads.Should().Be(2);
    }

    [Fact]
    public void ShouldStop_Target_IsReadAtEveryCallEvenWithinTheCheckInterval()
    {
        // The budget's figures wait for the interval; the accepted count must not, or records read within one interval
        // of the target being met would enter the run beyond the in-flight window.
        var clock = new FakeTimeProvider();
        long accepted = 99;
        var limits = new RunLimits(
            new BudgetOptions { Requests = 1_000 },
            new TargetOptions { Accepted = 100 },
            () => new RunSpending(0, false, 0, 0, TimeSpan.Zero),
            () => accepted,
            TimeSpan.FromSeconds(5),
            clock);

        limits.ShouldStop().Should().BeFalse();
        accepted = 100;
        limits.ShouldStop().Should().BeTrue("the clock has not moved, yet the target is met");
        limits.Stop!.Key.Should().Be("accepted");
    }

    [Fact]
    public void ShouldStop_NoLimits_NeverReadsTheFigures()
    {
        var limits = Limits(null, null, () => throw new InvalidOperationException("must not be read"));

        limits.Any.Should().BeFalse();
        limits.ShouldStop().Should().BeFalse();
    }
}
