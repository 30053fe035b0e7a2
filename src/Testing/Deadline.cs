namespace MidTrain.Testing;

/// <summary>Runs a test body under a timeout so a deadlock fails the test fast instead of hanging CI. Stateless.</summary>
public static class Deadline
{
    /// <summary>Awaits <paramref name="task"/>, failing with a clear message if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task Within(Task task, TimeSpan timeout, string what = "operation")
    {
        var finished = await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != task)
        {
            throw new TimeoutException($"{what} did not finish within {timeout.TotalSeconds:0.#} s (deadlock?)");
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>Awaits <paramref name="task"/> under <paramref name="timeout"/> and returns its result.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan timeout, string what = "operation")
    {
        await Within((Task)task, timeout, what).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every 10 ms until it holds or <paramref name="timeout"/> passes, for effects
    /// that land asynchronously (a log line from a reader thread, a sequence freed at the next decode step). It does
    /// not throw: the assertion that follows says what was expected.
    /// </summary>
    public static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
