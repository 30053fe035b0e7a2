using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MidTrain.Bench;

/// <summary>
/// An OpenAI-compatible chat endpoint on loopback that does no work: raw sockets, HTTP/1.1 keep-alive, each request's
/// body skipped by its Content-Length and answered with the same short canned completion. What a client stack costs
/// per request is then most of what a benchmark measures.
/// </summary>
internal sealed class ZeroWorkOpenAiServer : IAsyncDisposable
{
    private static readonly byte[] Response = BuildResponse();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public ZeroWorkOpenAiServer()
    {
        _listener.Start(4096);
        _accept = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

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

    private static byte[] BuildResponse()
    {
        const string body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"zero\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
        return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
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
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    filled += n;
                }

                var length = ContentLength(buffer.AsSpan(0, headerEnd));
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

                Buffer.BlockCopy(buffer, total, buffer, 0, filled - total);
                filled -= total;
                await stream.WriteAsync(Response, _stop.Token);
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

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var text = Encoding.ASCII.GetString(headers);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
