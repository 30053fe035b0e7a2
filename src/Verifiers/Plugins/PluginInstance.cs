using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// One plug-in process: started on first use, restarted after a crash, a timeout or a malformed reply. Serves one
/// request at a time (the owning verifier guarantees that). Not thread-safe.
/// </summary>
internal sealed class PluginInstance(ProcessPluginOptions options, ILogger logger, int index) : IDisposable
{
    private readonly Queue<string> _recentStderr = new();
    private Process? _process;
    private PluginLineReader? _reader;
    private Task? _stderrPump;
    private int _starts;

    /// <summary>How many times the process was started (1 + restarts).</summary>
    public int Starts => _starts;

    /// <summary>Sends one request line and waits for one reply line.</summary>
    public async Task<PluginExchange> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        var process = EnsureStarted();
        var stdin = process.StandardInput.BaseStream;
        try
        {
            await stdin.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return Crashed($"could not send the request ({ex.Message})");
        }

        var read = _reader!.ReadLineAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(options.Timeout, timeout.Token);
        var finished = await Task.WhenAny(read, delay).ConfigureAwait(false);
        if (finished != read)
        {
            // Reads on pipes cannot be cancelled reliably: killing the process ends the read.
            Kill();
            await ObserveAsync(read).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return PluginExchange.Failed($"no reply within {options.Timeout.TotalSeconds:0.###} s; the plug-in was killed and will be restarted");
        }

        await timeout.CancelAsync().ConfigureAwait(false);
        byte[]? line;
        try
        {
            line = await read.ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            Kill();
            return PluginExchange.Failed($"malformed reply: {ex.Message}; the plug-in was restarted");
        }
        catch (IOException ex)
        {
            return Crashed($"reading the reply failed ({ex.Message})");
        }

        return line is null ? Crashed("it closed its output before replying") : PluginExchange.Reply(line);
    }

    /// <summary>Kills the process (after a malformed reply the stream state is unknown).</summary>
    public void Kill()
    {
        var process = _process;
        _process = null;
        _reader = null;
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        process.Dispose();
    }

    /// <summary>Closes stdin so the plug-in can exit cleanly, waits briefly, then kills it.</summary>
    public void Dispose()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            process.StandardInput.Close();
            process.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        Kill();
    }

    private PluginExchange Crashed(string what)
    {
        var process = _process;
        string exit = "";
        if (process is not null && process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            _stderrPump?.Wait(TimeSpan.FromSeconds(1));
            exit = $" (exit code {process.ExitCode})";
        }

        string last;
        lock (_recentStderr)
        {
            last = _recentStderr.Count == 0 ? "" : "; last stderr: " + string.Join(" | ", _recentStderr);
        }

        Kill();
        return PluginExchange.Failed($"plug-in crashed{exit}: {what}{last}; it will be restarted");
    }

    private Process EnsureStarted()
    {
        if (_process is { HasExited: false } running)
        {
            return running;
        }

        Kill();
        var psi = new ProcessStartInfo(options.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in options.Command.Skip(1))
        {
            psi.ArgumentList.Add(argument);
        }

        if (options.WorkingDirectory is not null)
        {
            psi.WorkingDirectory = options.WorkingDirectory;
        }

        foreach (var (key, value) in options.Environment)
        {
            psi.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new PluginException($"plug-in '{options.EffectiveName}': could not start {options.Command[0]}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            // A command that cannot even start is a configuration error of the run, not a property of one sample.
            throw new PluginException($"plug-in '{options.EffectiveName}': could not start '{string.Join(' ', options.Command)}': {ex.Message}", ex);
        }

        _starts++;
        if (_starts > 1)
        {
            logger.LogWarning("Plug-in {Plugin} instance {Index} restarted (start #{Starts}).", options.EffectiveName, index, _starts);
        }

        lock (_recentStderr)
        {
            _recentStderr.Clear();
        }

        _process = process;
        _reader = new PluginLineReader(process.StandardOutput.BaseStream, options.MaxReplyBytes);
        _stderrPump = PumpStderrAsync(process.StandardError, process.Id);
        return process;
    }

    private async Task PumpStderrAsync(StreamReader stderr, int pid)
    {
        try
        {
            while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                logger.LogWarning("Plug-in {Plugin}[{Pid}] stderr: {Line}", options.EffectiveName, pid, line);
                lock (_recentStderr)
                {
                    _recentStderr.Enqueue(line.Length > 300 ? line[..300] : line);
                    while (_recentStderr.Count > 3)
                    {
                        _recentStderr.Dequeue();
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or TimeoutException)
        {
        }
    }
}
