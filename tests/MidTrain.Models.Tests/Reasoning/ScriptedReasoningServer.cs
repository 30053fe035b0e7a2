using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MidTrain.Models.Tests.Reasoning;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback that answers each request with a scripted
/// <see cref="ScriptedReply"/> — as one JSON body, or as server-sent events when the request streams — the way reasoning
/// servers do: a separate <c>reasoning_content</c>/<c>reasoning</c> field, inline tags in <c>content</c>, or both, with
/// <c>completion_tokens_details.reasoning_tokens</c> in the usage. Records every request body.
/// </summary>
public sealed class ScriptedReasoningServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<JsonObject, ScriptedReply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedReasoningServer(Func<JsonObject, ScriptedReply> script)
    {
        _script = script;
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

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
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            Requests.Enqueue(request);
            var reply = _script(request);
            var model = request["model"]?.GetValue<string>() ?? "scripted";
            if (request["stream"]?.GetValue<bool>() == true)
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.SendChunked = true;
                var output = context.Response.OutputStream;
                foreach (var (reasoning, content) in reply.StreamChunks)
                {
                    var delta = new JsonObject { ["role"] = "assistant", ["content"] = content };
                    if (reasoning is not null)
                    {
                        delta[reply.ReasoningField] = reasoning;
                    }

                    await WriteEventAsync(output, Chunk(model, delta, null));
                }

                await WriteEventAsync(output, Chunk(model, new JsonObject(), reply.Finish));
                if (request["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
                {
                    var usage = new JsonObject
                    {
                        ["id"] = "chatcmpl-reasoning",
                        ["object"] = "chat.completion.chunk",
                        ["created"] = 1_700_000_000,
                        ["model"] = model,
                        ["choices"] = new JsonArray(),
                        ["usage"] = Usage(reply),
                    };
                    await WriteEventAsync(output, usage);
                }

                await output.WriteAsync("data: [DONE]\n\n"u8.ToArray());
                context.Response.Close();
                return;
            }

            var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
            if (reply.Reasoning is not null)
            {
                message[reply.ReasoningField] = reply.Reasoning;
            }

            var body = new JsonObject
            {
                ["id"] = "chatcmpl-reasoning",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = reply.Finish }),
                ["usage"] = Usage(reply),
            };
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    private static JsonObject Chunk(string model, JsonObject delta, string? finish) => new()
    {
        ["id"] = "chatcmpl-reasoning",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    };

    private static JsonObject Usage(ScriptedReply reply)
    {
        var completion = ((reply.Reasoning?.Length ?? 0) + (reply.Content?.Length ?? 0)) / 2;
        var usage = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = completion, ["total_tokens"] = 10 + completion };
        if (reply.ReasoningTokens is { } reasoning)
        {
            usage["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning };
        }

        return usage;
    }

    private static async Task WriteEventAsync(Stream output, JsonObject payload)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes("data: " + payload.ToJsonString() + "\n\n"));
        await output.FlushAsync();
    }
}
