using System.Diagnostics;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Starts one process, feeds its stdin, captures stdout/stderr up to a cap, and kills the whole tree on timeout,
/// on output overflow or on cancellation. Stateless and thread-safe.
/// </summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<RawRun> RunAsync(ProcessStartInfo psi, string? stdin, TimeSpan timeout, int maxOutputBytes, CancellationToken cancellationToken)
    {
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;

        using var process = new Process { StartInfo = psi };
        var started = Stopwatch.GetTimestamp();
        await ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        var outputLimit = 0;
        var stdout = new CappedCapture(maxOutputBytes, () => { Interlocked.Exchange(ref outputLimit, 1); KillTree(process); });
        var stderr = new CappedCapture(maxOutputBytes, () => { Interlocked.Exchange(ref outputLimit, 1); KillTree(process); });
        var stdoutTask = stdout.ReadAllAsync(process.StandardOutput.BaseStream);
        var stderrTask = stderr.ReadAllAsync(process.StandardError.BaseStream);
        var stdinTask = WriteStdinAsync(process.StandardInput.BaseStream, stdin);

        var timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        // Readers end when every writer of the pipes is gone; in the sandbox the PID namespace dies with its init.
        // Outside it a daemon may keep the pipe open, so the wait is bounded.
        await Task.WhenAny(Task.WhenAll(stdoutTask, stderrTask, stdinTask), Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false);
        var duration = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        cancellationToken.ThrowIfCancellationRequested();

        return new RawRun(
            process.ExitCode,
            timedOut,
            Volatile.Read(ref outputLimit) == 1,
            stdout.ToArray(),
            stdout.Truncated,
            stderr.ToArray(),
            stderr.Truncated,
            duration);
    }

    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    private static async Task WriteStdinAsync(Stream stdin, string? text)
    {
        try
        {
            if (!string.IsNullOrEmpty(text))
            {
                await stdin.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
            }

            await stdin.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The program exited or closed stdin without reading everything: not an error of ours.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Keeps the first <c>max</c> bytes of a stream and reports the first byte past the cap.</summary>
    private sealed class CappedCapture(int max, Action onOverflow)
    {
        private readonly MemoryStream _kept = new();
        private bool _overflowed;

        public bool Truncated => _overflowed;

        public byte[] ToArray()
        {
            lock (_kept)
            {
                return _kept.ToArray();
            }
        }

        public async Task ReadAllAsync(Stream stream)
        {
            var buffer = new byte[16384];
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    lock (_kept)
                    {
                        var room = (int)System.Math.Max(0, max - _kept.Length);
                        _kept.Write(buffer, 0, System.Math.Min(room, n));
                        if (n > room && !_overflowed)
                        {
                            _overflowed = true;
                        }
                        else
                        {
                            continue;
                        }
                    }

                    onOverflow();
                }
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
