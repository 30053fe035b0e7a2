using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MidTrain.Models.Tests.Remote;

/// <summary>
/// A raw-socket HTTP/1.1 server answering OpenAI chat completions, injecting the fault that <c>schedule</c> picks for
/// each attempt (by global attempt number). Records every attempt (request tag, time, fault).
/// </summary>
public sealed class FaultInjectingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<long, Fault> _schedule;
    private readonly TimeSpan _slowDelay;
    private readonly TimeSpan _latency;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private long _attempts;

    public FaultInjectingServer(Func<long, Fault> schedule, TimeSpan slowDelay, TimeSpan latency = default)
    {
        _schedule = schedule;
        _slowDelay = slowDelay;
        _latency = latency;
        _listener.Start(1024);
        _accept = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    public ConcurrentQueue<(string Tag, long Ticks, Fault Fault)> Log { get; } = new();

    public long Attempts => Interlocked.Read(ref _attempts);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // Read headers.
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, filled, "\r\n\r\n"u8)) < 0)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    filled += n;
                }

                var headers = Encoding.ASCII.GetString(buffer, 0, headerEnd);
                var length = headers.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h[15..].Trim())).FirstOrDefault();
                var total = headerEnd + 4 + length;
                while (filled < total)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    filled += n;
                }

                var body = Encoding.UTF8.GetString(buffer, headerEnd + 4, length);
                Buffer.BlockCopy(buffer, total, buffer, 0, filled - total);
                filled -= total;

                var attempt = Interlocked.Increment(ref _attempts) - 1;
                var fault = _schedule(attempt);
                var tag = Tag(body);
                Log.Enqueue((tag, Stopwatch.GetTimestamp(), fault));
                if (_latency > TimeSpan.Zero)
                {
                    await Task.Delay(_latency, _stop.Token);
                }

                switch (fault)
                {
                    case Fault.RateLimited:
                        await WriteAsync(stream, 429, "{\"error\":{\"message\":\"slow down\"}}", "Retry-After: 1\r\n");
                        break;
                    case Fault.Status500:
                        await WriteAsync(stream, 500, "{\"error\":{\"message\":\"boom\"}}");
                        break;
                    case Fault.Status503:
                        await WriteAsync(stream, 503, "{\"error\":{\"message\":\"busy\"}}");
                        break;
                    case Fault.Reset:
                        client.Client.LingerState = new LingerOption(true, 0);
                        client.Client.Close();
                        return;
                    case Fault.Slow:
                        await Task.Delay(_slowDelay, _stop.Token);
                        await WriteAsync(stream, 200, Completion(tag));
                        break;
                    case Fault.Truncated:
                        var full = Encoding.UTF8.GetBytes(Completion(tag));
                        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {full.Length}\r\n\r\n");
                        await stream.WriteAsync(head);
                        await stream.WriteAsync(full.AsMemory(0, full.Length / 2));
                        await stream.FlushAsync();
                        client.Client.LingerState = new LingerOption(true, 0);
                        client.Client.Close();
                        return;
                    case Fault.Malformed:
                        await WriteAsync(stream, 200, "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":");
                        break;
                    default:
                        await WriteAsync(stream, 200, Completion(tag));
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public static string Tag(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("messages")[json.RootElement.GetProperty("messages").GetArrayLength() - 1].GetProperty("content").GetString() ?? string.Empty;
    }

    private static string Completion(string tag) =>
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" +
        JsonSerializer.Serialize("echo " + tag) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";

    private static async Task WriteAsync(NetworkStream stream, int status, string body, string extraHeaders = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    private static int IndexOf(byte[] buffer, int length, ReadOnlySpan<byte> pattern) => buffer.AsSpan(0, length).IndexOf(pattern);
}
