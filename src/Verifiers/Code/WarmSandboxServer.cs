using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// One warm sandbox server: a bubblewrap sandbox whose pid 1 is <c>sandbox_server.py</c> (embedded), a Python process
/// that forks one isolated child per program (see the script's header for what each child gets). Talks to it over
/// stdin/stdout with one request at a time. A server that dies, answers garbage or does not answer within the plan's
/// limits plus a grace is killed (with everything in its sandbox) and reported as <see cref="WarmServerException"/>;
/// the caller discards it. Not thread-safe: one caller at a time (the pool guarantees it).
/// </summary>
internal sealed class WarmSandboxServer : IDisposable
{
    /// <summary>Time to start bubblewrap and Python and import the preloaded modules.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Time on top of the steps' limits for the server to set up, reap and answer.</summary>
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(10);

    private static readonly Lazy<string> ScriptText = new(() =>
    {
        using var stream = typeof(WarmSandboxServer).Assembly.GetManifestResourceStream("MidTrain.Verifiers.Code.sandbox_server.py")
            ?? throw new InvalidOperationException("sandbox_server.py is not embedded in MidTrain.Verifiers");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private readonly Process _process;
    private readonly Stream _input;
    private readonly FrameReader _output;
    private readonly ILogger _logger;
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stderrPump;
    private int _killed;

    private WarmSandboxServer(Process process, string key, ILogger logger)
    {
        _process = process;
        Key = key;
        _logger = logger;
        _input = process.StandardInput.BaseStream;
        _output = new FrameReader(process.StandardOutput.BaseStream);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The script run by every server (Python 3.9+).</summary>
    public static string Script => ScriptText.Value;

    /// <summary>What the server was started for (interpreter and bind set); servers are reused only for the same key.</summary>
    public string Key { get; }

    /// <summary>False once the server failed or was killed: it must not be reused.</summary>
    public bool IsUsable => Volatile.Read(ref _killed) == 0 && !_process.HasExited;

    /// <summary>Starts a server and waits for its ready line. Throws <see cref="WarmServerException"/> when it does not come up.</summary>
    public static async Task<WarmSandboxServer> StartAsync(ProcessStartInfo psi, string key, ILogger logger, CancellationToken cancellationToken)
    {
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var process = new Process { StartInfo = psi };
        try
        {
            await ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new WarmServerException($"could not start {psi.FileName}: {ex.Message}");
        }

        var server = new WarmSandboxServer(process, key, logger);
        try
        {
            var line = await server.ReadLineAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            var ready = JsonNode.Parse(line) as JsonObject;
            if (ready?["ready"] is not JsonValue flag || !flag.TryGetValue<bool>(out var ok) || !ok)
            {
                throw new WarmServerException("the sandbox server refused to start: " + (ready?["error"]?.ToString() ?? line));
            }

            return server;
        }
        catch (JsonException ex)
        {
            server.Dispose();
            throw new WarmServerException("the sandbox server did not start: " + ex.Message + server.StderrTail());
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="plan"/> and returns one observation per executed step (the steps after a failed one do not
    /// run), or the server's own error. Throws <see cref="WarmServerException"/> when the server fails, and
    /// <see cref="OperationCanceledException"/> on cancellation (after killing the server and the program).
    /// </summary>
    public async Task<(IReadOnlyList<RawRun> Steps, string? Error)> RunAsync(ExecutionPlan plan, long tmpfsBytes, int maxOutputBytes, CancellationToken cancellationToken)
    {
        var source = Encoding.UTF8.GetBytes(plan.Source);
        var stdin = Encoding.UTF8.GetBytes(plan.Stdin ?? "");
        var steps = new JsonArray();
        foreach (var step in plan.Steps)
        {
            var env = new JsonObject();
            foreach (var (k, v) in step.Environment)
            {
                env[k] = v;
            }

            steps.Add(new JsonObject
            {
                ["kind"] = step.RunsInServer ? "python" : "exec",
                ["argv"] = new JsonArray(step.Arguments.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["timeout"] = step.Timeout.TotalSeconds,
                ["limits"] = new JsonObject
                {
                    ["cpu"] = step.Limits.CpuSeconds,
                    ["as"] = step.Limits.AddressSpaceBytes,
                    ["nproc"] = step.Limits.Processes,
                    ["fsize"] = step.Limits.FileSizeBytes,
                    ["nofile"] = step.Limits.OpenFiles,
                    ["core"] = 0,
                },
                ["env"] = env,
                ["stdin"] = !step.IsCompile,
            });
        }

        var header = new JsonObject
        {
            ["source_name"] = plan.SourceFileName,
            ["source_len"] = source.Length,
            ["stdin_len"] = stdin.Length,
            ["tmpfs_bytes"] = tmpfsBytes,
            ["max_output"] = maxOutputBytes,
            ["steps"] = steps,
        };

        try
        {
            await _input.WriteAsync(Encoding.UTF8.GetBytes(header.ToJsonString() + "\n"), cancellationToken).ConfigureAwait(false);
            await _input.WriteAsync(source, cancellationToken).ConfigureAwait(false);
            await _input.WriteAsync(stdin, cancellationToken).ConfigureAwait(false);
            await _input.FlushAsync(cancellationToken).ConfigureAwait(false);

            var limit = plan.TotalTimeout + AnswerGrace;
            var response = Object(JsonNode.Parse(await ReadLineAsync(limit, cancellationToken).ConfigureAwait(false)));
            var runs = new List<RawRun>();
            foreach (var node in Field(response, "steps") as JsonArray ?? throw new FormatException("'steps' is not a list"))
            {
                var step = Object(node);
                var stdout = await ReadExactlyAsync(Field(step, "stdout_len").GetValue<int>(), limit, cancellationToken).ConfigureAwait(false);
                var stderr = await ReadExactlyAsync(Field(step, "stderr_len").GetValue<int>(), limit, cancellationToken).ConfigureAwait(false);
                runs.Add(new RawRun(
                    Field(step, "exit").GetValue<int>(),
                    Field(step, "timed_out").GetValue<bool>(),
                    Field(step, "output_limit").GetValue<bool>(),
                    stdout,
                    Field(step, "stdout_truncated").GetValue<bool>(),
                    stderr,
                    Field(step, "stderr_truncated").GetValue<bool>(),
                    Field(step, "duration_ms").GetValue<double>()));
            }

            return (runs, response["error"]?.GetValue<string>());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or JsonException or InvalidOperationException or FormatException)
        {
            Kill();
            throw new WarmServerException("the sandbox server failed: " + ex.Message + StderrTail());
        }
    }

    private static JsonObject Object(JsonNode? node) => node as JsonObject ?? throw new FormatException("the answer is not a JSON object");

    private static JsonNode Field(JsonObject o, string name) => o[name] ?? throw new FormatException($"the answer has no '{name}'");

    /// <summary>Kills the server and every process of its sandbox.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 0)
        {
            ProcessRunner.KillTree(_process);
        }
    }

    private async Task<string> ReadLineAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var bytes = await WithDeadlineAsync(_output.ReadLineAsync, limit, cancellationToken).ConfigureAwait(false);
        return bytes is null
            ? throw new WarmServerException("the sandbox server exited" + StderrTail())
            : Encoding.UTF8.GetString(bytes);
    }

    private async Task<byte[]> ReadExactlyAsync(int count, TimeSpan limit, CancellationToken cancellationToken) =>
        await WithDeadlineAsync(() => _output.ReadExactlyAsync(count), limit, cancellationToken).ConfigureAwait(false)
            ?? throw new WarmServerException("the sandbox server exited inside an answer" + StderrTail());

    /// <summary>Pipe reads do not observe tokens reliably: the deadline or the cancellation kills the server, which ends the read.</summary>
    private async Task<T?> WithDeadlineAsync<T>(Func<Task<T?>> read, TimeSpan limit, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        using (deadline.Token.Register(static s => ((WarmSandboxServer)s!).Kill(), this))
        {
            var result = await read().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.IsCancellationRequested)
            {
                throw new WarmServerException($"the sandbox server did not answer within {limit.TotalSeconds:0.#} s and was killed");
            }

            return result;
        }
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_stderrTail)
                {
                    _stderrTail.Enqueue(line);
                    while (_stderrTail.Count > 20)
                    {
                        _stderrTail.Dequeue();
                    }
                }

                _logger.LogDebug("sandbox server: {Line}", line);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private string StderrTail()
    {
        Task.WhenAny(_stderrPump, Task.Delay(200)).GetAwaiter().GetResult();
        lock (_stderrTail)
        {
            return _stderrTail.Count == 0 ? "" : " (server stderr: " + string.Join(" | ", _stderrTail.TakeLast(5)) + ")";
        }
    }

    /// <summary>A buffered reader of newline-terminated headers and fixed-size payloads.</summary>
    private sealed class FrameReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadLineAsync()
        {
            var line = new MemoryStream();
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    line.Write(_buffer, _start, newline - _start);
                    _start = newline + 1;
                    return line.ToArray();
                }

                line.Write(_buffer, _start, _end - _start);
                _start = _end = 0;
                if (!await FillAsync().ConfigureAwait(false))
                {
                    return null;
                }
            }
        }

        public async Task<byte[]?> ReadExactlyAsync(int count)
        {
            var data = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync().ConfigureAwait(false))
                {
                    return null;
                }

                var n = System.Math.Min(count - filled, _end - _start);
                Buffer.BlockCopy(_buffer, _start, data, filled, n);
                _start += n;
                filled += n;
            }

            return data;
        }

        private async Task<bool> FillAsync()
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }

            var n = await stream.ReadAsync(_buffer.AsMemory(_end)).ConfigureAwait(false);
            _end += n;
            return n > 0;
        }
    }
}
