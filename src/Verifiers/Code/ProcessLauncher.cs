using System.Collections.Concurrent;
using System.Diagnostics;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Starts processes from one dedicated, never-ending thread. bubblewrap's <c>--die-with-parent</c> uses
/// <c>PR_SET_PDEATHSIG</c>, which fires when the <em>thread</em> that forked it exits, not the process: a sandbox
/// started from a thread-pool thread is SIGKILLed whenever the pool retires that thread. Forking from a thread that
/// lives as long as the host keeps "die with the host" without the random kills. Thread-safe.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = CreateQueue();

    /// <summary>Starts <paramref name="process"/> on the launcher thread; faults with the start exception, if any.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    private static BlockingCollection<(Process, TaskCompletionSource)> CreateQueue()
    {
        var queue = new BlockingCollection<(Process, TaskCompletionSource)>();
        var thread = new Thread(() =>
        {
            foreach (var (process, started) in queue.GetConsumingEnumerable())
            {
                try
                {
                    process.Start();
                    started.SetResult();
                }
                catch (Exception ex)
                {
                    started.SetException(ex);
                }
            }
        })
        {
            IsBackground = true,
            Name = "midtrain-sandbox-launcher",
        };
        thread.Start();
        return queue;
    }
}
