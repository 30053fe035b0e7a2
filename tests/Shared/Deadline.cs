namespace MidTrain.Tests;

/// <summary>Runs a test body under a timeout so a deadlock fails the test fast instead of hanging CI.</summary>
internal static class Deadline
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
}
