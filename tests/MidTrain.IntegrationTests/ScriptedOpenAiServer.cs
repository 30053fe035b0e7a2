using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MidTrain.IntegrationTests;

/// <summary>
/// A minimal OpenAI-compatible chat server on loopback whose reply is a function of the request (its messages and seed),
/// never of arrival order, so the real CLI can be run against a scripted "model", killed and resumed.
/// </summary>
internal sealed class ScriptedOpenAiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, long, ScriptedCompletion> _reply;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public ScriptedOpenAiServer(Func<string, long, string> reply, TimeSpan delay)
        : this((prompt, seed) => new ScriptedCompletion(reply(prompt, seed)), delay)
    {
    }

    /// <summary>A server whose reply may also carry a separate reasoning trace and a finish reason.</summary>
    public ScriptedOpenAiServer(Func<string, long, ScriptedCompletion> reply, TimeSpan delay)
    {
        _reply = reply;
        _delay = delay;
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The base URL including <c>/v1</c>.</summary>
    public string Endpoint { get; }

    public int Requests => Volatile.Read(ref _requests);

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            Interlocked.Increment(ref _requests);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = JsonNode.Parse(await reader.ReadToEndAsync())!;
            var prompt = string.Join("\n", request["messages"]!.AsArray().Select(m => m?["content"]?.ToString() ?? string.Empty));
            var seed = request["seed"]?.GetValue<long>() ?? 0;
            await Task.Delay(_delay);
            var reply = _reply(prompt, seed);
            var content = reply.Content ?? string.Empty;
            var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
            if (reply.ReasoningContent is not null)
            {
                message["reasoning_content"] = reply.ReasoningContent;
            }

            var body = new JsonObject
            {
                ["id"] = "chatcmpl-scripted",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = request["model"]?.GetValue<string>() ?? "scripted",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = message,
                    ["finish_reason"] = reply.FinishReason,
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = prompt.Length / 4, ["completion_tokens"] = (content.Length + (reply.ReasoningContent?.Length ?? 0)) / 4, ["total_tokens"] = (prompt.Length + content.Length) / 4 },
            };
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or JsonException)
        {
            // A client killed mid-request (the SIGKILL test) is expected.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
