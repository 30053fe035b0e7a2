using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

public sealed class AdmissionGateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TryAdmit_BeyondParallelPlusQueue_Refused()
    {
        using var gate = new AdmissionGate(parallel: 2, maxQueue: 1);
        var tickets = Enumerable.Range(0, 3).Select(_ => gate.TryAdmit()).ToList();
        tickets.Should().OnlyContain(t => t != null);
        gate.TryAdmit().Should().BeNull();

        await tickets[0]!.WaitAsync(CancellationToken.None);
        await tickets[1]!.WaitAsync(CancellationToken.None);
        var third = tickets[2]!.WaitAsync(CancellationToken.None);
        third.IsCompleted.Should().BeFalse("both slots are taken");
        (gate.Running, gate.Waiting).Should().Be((2, 1));

        tickets[0]!.Dispose();
        await Deadline.Within(third, Limit);
        (gate.Running, gate.Waiting).Should().Be((2, 0));
        gate.TryAdmit().Should().NotBeNull("a place was freed");
    }

    [Fact]
    public async Task WaitAsync_CancelledWhileQueued_FreesItsPlace()
    {
        using var gate = new AdmissionGate(parallel: 1, maxQueue: 1);
        using var running = gate.TryAdmit()!;
        await running.WaitAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var queued = gate.TryAdmit()!;
        var wait = queued.WaitAsync(cts.Token);
        gate.TryAdmit().Should().BeNull();

        await cts.CancelAsync();
        await FluentActions.Awaiting(() => wait).Should().ThrowAsync<OperationCanceledException>();
        queued.Dispose();
        gate.Admitted.Should().Be(1);
        gate.Waiting.Should().Be(0);
        using var next = gate.TryAdmit();
        next.Should().NotBeNull();
    }

    [Fact]
    public async Task Dispose_Twice_ReleasesOnce()
    {
        using var gate = new AdmissionGate(parallel: 1, maxQueue: 0);
        var ticket = gate.TryAdmit()!;
        await ticket.WaitAsync(CancellationToken.None);
        ticket.Dispose();
        ticket.Dispose();
        (gate.Admitted, gate.Running).Should().Be((0, 0));
        using var a = gate.TryAdmit();
        gate.TryAdmit().Should().BeNull("one slot, no queue: a double release would have made room for two");
    }
}
