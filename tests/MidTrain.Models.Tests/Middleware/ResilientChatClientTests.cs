using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MidTrain.Models.Middleware;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Middleware;

public sealed class ResilientChatClientTests
{
    private static ChatResponse Ok(int n) => new(new ChatMessage(ChatRole.Assistant, "ok" + n));

    private static ResilienceOptions Settings(int retries) => new() { AttemptTimeout = TimeSpan.FromSeconds(100), MaxRetries = retries, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60), MaxConcurrency = 4, CircuitFailureRatio = 0.5, CircuitMinCalls = 4, CircuitWindow = TimeSpan.FromSeconds(10), CircuitBreak = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task GetResponseAsync_RateLimitedWithRetryAfter_WaitsExactlyThatLong()
    {
        var time = new TimerSignallingTimeProvider();
        var inner = ScriptedChatClient.Steps(_ => throw new ModelCallException(ModelFailureKinds.RateLimited, "429") { RetryAfter = TimeSpan.FromSeconds(30) }, Ok);
        using var client = new ResilientChatClient(inner, Settings(3), time, NullLogger.Instance);
        var retryScheduled = time.TimerOf(TimeSpan.FromSeconds(30));
        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);
        await Deadline.Within(retryScheduled, TimeSpan.FromSeconds(5), "the retry delay is scheduled");
        time.Advance(TimeSpan.FromSeconds(29));
        inner.CallCount.Should().Be(1, "Retry-After 30 s is honoured");
        call.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        (await Deadline.Within(call, TimeSpan.FromSeconds(5))).Text.Should().Be("ok1");
        inner.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetResponseAsync_RepeatedFailures_CircuitOpensThenRecoversAfterBreak()
    {
        var time = new FakeTimeProvider();
        var failing = true;
        var inner = ScriptedChatClient.Steps(n => failing ? throw new ModelCallException(ModelFailureKinds.ServerError, "500") : Ok(n));
        var usage = new ModelUsage();
        using var client = new ResilientChatClient(inner, Settings(0), time, NullLogger.Instance, usage);
        for (var i = 0; i < 4; i++)
        {
            (await client.Invoking(c => c.GetResponseAsync([new ChatMessage(ChatRole.User, "x")])).Should().ThrowAsync<ModelCallException>()).Which.Kind.Should().Be(ModelFailureKinds.ServerError);
        }

        usage.CircuitOpened.Should().Be(1);
        var callsWhenOpened = inner.CallCount;
        (await client.Invoking(c => c.GetResponseAsync([new ChatMessage(ChatRole.User, "x")])).Should().ThrowAsync<ModelCallException>()).Which.Kind.Should().Be(ModelFailureKinds.CircuitOpen);
        inner.CallCount.Should().Be(callsWhenOpened, "an open circuit does not call the backend");

        failing = false;
        time.Advance(TimeSpan.FromSeconds(5));
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")])).Text.Should().StartWith("ok");
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")])).Text.Should().StartWith("ok");
    }

    [Fact]
    public async Task GetResponseAsync_ClientError_NotRetried()
    {
        var inner = ScriptedChatClient.Steps(_ => throw new ModelCallException(ModelFailureKinds.ClientError, "400") { StatusCode = 400 });
        using var client = new ResilientChatClient(inner, Settings(3), new FakeTimeProvider(), NullLogger.Instance);
        var ex = (await client.Invoking(c => c.GetResponseAsync([new ChatMessage(ChatRole.User, "x")])).Should().ThrowAsync<ModelCallException>()).Which;
        ex.Kind.Should().Be(ModelFailureKinds.ClientError);
        ex.Attempts.Should().Be(1);
        inner.CallCount.Should().Be(1);
    }

    /// <summary>A fake clock that says when a timer of a given due time is created (the retry delay), so a test advances time only after it.</summary>
    private sealed class TimerSignallingTimeProvider : FakeTimeProvider
    {
        private readonly List<(TimeSpan Due, TaskCompletionSource Created)> _waits = [];

        public Task TimerOf(TimeSpan due)
        {
            lock (_waits)
            {
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((due, created));
                return created.Task;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            lock (_waits)
            {
                foreach (var (due, created) in _waits.Where(w => w.Due == dueTime))
                {
                    created.TrySetResult();
                }
            }

            return timer;
        }
    }
}
