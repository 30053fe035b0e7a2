using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace MidTrain.IntegrationTests;

/// <summary>
/// A real <c>midtrain serve … --port 0</c> child process: started, its address read from the "serving … at URL" line
/// on stderr, signalled like an operator or a container runtime would, and killed on dispose if still running.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly Task _stdout;
    private readonly Task _stderrReader;

    private ServeProcess(Process process, Task stdout, Task stderrReader, StringBuilder stderr, Uri baseAddress)
    {
        _process = process;
        _stdout = stdout;
        _stderrReader = stderrReader;
        _stderr = stderr;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static async Task<ServeProcess> StartAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = MidtrainCli.StartInfo(Path.GetTempPath(), ["serve", .. args, "--port", "0"]);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }

                if (ServingLine().Match(line) is { Success: true } match)
                {
                    address.TrySetResult(new Uri(match.Groups[1].Value));
                }
            }

            address.TrySetException(new InvalidOperationException($"midtrain serve exited before serving; stderr:\n{log}"));
        });
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var baseAddress = await address.Task.WaitAsync(cts.Token);
            return new ServeProcess(process, stdout, stderr, log, baseAddress);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2) to the process.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to exit; throws <see cref="TimeoutException"/> (and kills it) when it does not.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"midtrain serve still running {timeout.TotalSeconds} s later; stderr:\n{Stderr}");
        }

        await _stderrReader;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Task.WhenAll(_stdout, _stderrReader).ConfigureAwait(false);
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>"serving … at URL (" — the OpenAI base URL of <c>serve</c> (…/v1/) or the root URL of <c>serve rewards</c>.</summary>
    [GeneratedRegex(@"^serving .* at (http://\S+/) \(")]
    private static partial Regex ServingLine();
}
