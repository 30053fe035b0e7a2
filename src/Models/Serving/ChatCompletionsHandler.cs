using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Jsonl;

namespace MidTrain.Models.Serving;

/// <summary>Translates OpenAI chat-completion requests to <see cref="IChatClient"/> calls and back. Thread-safe.</summary>
internal sealed class ChatCompletionsHandler(IChatClient backend, string modelId, TimeProvider clock, ILogger logger)
{
    private long _counter;

    public async Task HandleAsync(HttpContext context)
    {
        ParsedRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            request = Parse(body.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            await ErrorAsync(context, 400, "invalid_request_error", "bad request body: " + ex.Message).ConfigureAwait(false);
            return;
        }

        var id = "chatcmpl-" + Interlocked.Increment(ref _counter).ToString("x", CultureInfo.InvariantCulture);
        var created = clock.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, request, id, created).ConfigureAwait(false);
            }
            else
            {
                var response = await backend.GetResponseAsync(request.Messages, request.Options, context.RequestAborted).ConfigureAwait(false);
                await WriteCompletionAsync(context, response, id, created).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the backend has already stopped generating.
        }
        catch (ModelCallException ex) when (ex.Kind is ModelFailureKinds.ContextLength or ModelFailureKinds.Schema)
        {
            await ErrorAsync(context, 400, "invalid_request_error", ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "chat completion failed");
            await ErrorAsync(context, 500, "server_error", ex.Message).ConfigureAwait(false);
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync().ConfigureAwait(false);
    }

    private async Task WriteCompletionAsync(HttpContext context, ChatResponse response, string id, long created)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", "chat.completion");
        json.WriteNumber("created", created);
        json.WriteString("model", modelId);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", response.Text);
        json.WriteEndObject();
        WriteLogprobs(json, TokenLogprob.From(response));
        json.WriteString("finish_reason", FinishReason(response.FinishReason));
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, response.Usage);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, ParsedRequest request, string id, long created)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var first = true;
        UsageDetails? usage = null;
        await foreach (var update in backend.GetStreamingResponseAsync(request.Messages, request.Options, context.RequestAborted).ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent u)
                {
                    usage = u.Details;
                }
            }

            var text = update.Text;
            if (text.Length == 0 && update.FinishReason is null && !first)
            {
                continue;
            }

            await ChunkAsync(context, id, created, first, text, update.FinishReason, null).ConfigureAwait(false);
            first = false;
        }

        if (request.IncludeUsage)
        {
            await ChunkAsync(context, id, created, false, null, null, usage ?? new UsageDetails()).ConfigureAwait(false);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ChunkAsync(HttpContext context, string id, long created, bool first, string? text, ChatFinishReason? finish, UsageDetails? usage)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "chat.completion.chunk");
            json.WriteNumber("created", created);
            json.WriteString("model", modelId);
            json.WriteStartArray("choices");
            if (usage is null)
            {
                json.WriteStartObject();
                json.WriteNumber("index", 0);
                json.WriteStartObject("delta");
                if (first)
                {
                    json.WriteString("role", "assistant");
                }

                if (text is { Length: > 0 })
                {
                    json.WriteString("content", text);
                }

                json.WriteEndObject();
                json.WriteNull("logprobs");
                if (finish is { } f)
                {
                    json.WriteString("finish_reason", FinishReason(f));
                }
                else
                {
                    json.WriteNull("finish_reason");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (usage is not null)
            {
                WriteUsage(json, usage);
            }

            json.WriteEndObject();
        }

        await context.Response.WriteAsync("data: ", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsync("\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteUsage(Utf8JsonWriter json, UsageDetails? usage)
    {
        long input = usage?.InputTokenCount ?? 0, output = usage?.OutputTokenCount ?? 0;
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", input);
        json.WriteNumber("completion_tokens", output);
        json.WriteNumber("total_tokens", input + output);
        json.WriteEndObject();
    }

    private static void WriteLogprobs(Utf8JsonWriter json, IReadOnlyList<TokenLogprob>? logprobs)
    {
        if (logprobs is null)
        {
            json.WriteNull("logprobs");
            return;
        }

        json.WriteStartObject("logprobs");
        json.WriteStartArray("content");
        foreach (var item in logprobs)
        {
            WriteToken(json, item, withTop: true);
        }

        json.WriteEndArray();
        json.WriteEndObject();

        static void WriteToken(Utf8JsonWriter json, TokenLogprob item, bool withTop)
        {
            json.WriteStartObject();
            json.WriteString("token", item.Token);
            json.WriteNumber("logprob", item.Logprob);
            json.WriteStartArray("bytes");
            foreach (var b in item.Bytes ?? [])
            {
                json.WriteNumberValue(b);
            }

            json.WriteEndArray();
            if (withTop)
            {
                json.WriteStartArray("top_logprobs");
                foreach (var top in item.TopLogprobs)
                {
                    WriteToken(json, top, withTop: false);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }
    }

    private static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length" : reason == ChatFinishReason.ContentFilter ? "content_filter" : reason == ChatFinishReason.ToolCalls ? "tool_calls" : "stop";

    private static ParsedRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messagesJson) || messagesJson.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'messages' must be an array");
        }

        var messages = new List<ChatMessage>();
        foreach (var m in messagesJson.EnumerateArray())
        {
            var role = m.GetProperty("role").GetString() ?? "user";
            var content = m.TryGetProperty("content", out var c) ? c : default;
            var text = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString()!,
                JsonValueKind.Array => string.Concat(content.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString())),
                _ => string.Empty,
            };
            messages.Add(new ChatMessage(new ChatRole(role), text));
        }

        var options = new ChatOptions();
        if ((Int(root, "max_completion_tokens") ?? Int(root, "max_tokens")) is { } max)
        {
            options.MaxOutputTokens = max;
        }

        options.Temperature = Float(root, "temperature");
        options.TopP = Float(root, "top_p");
        options.TopK = Int(root, "top_k");
        options.Seed = root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number ? seed.GetInt64() : null;
        options.FrequencyPenalty = Float(root, "frequency_penalty");
        options.PresencePenalty = Float(root, "presence_penalty");
        if (root.TryGetProperty("stop", out var stop))
        {
            options.StopSequences = stop.ValueKind switch
            {
                JsonValueKind.String => [stop.GetString()!],
                JsonValueKind.Array => stop.EnumerateArray().Select(s => s.GetString()!).ToList(),
                _ => null,
            };
        }

        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            var type = format.TryGetProperty("type", out var t) ? t.GetString() : "text";
            options.ResponseFormat = type switch
            {
                "json_schema" => format.TryGetProperty("json_schema", out var js) && js.TryGetProperty("schema", out var schema)
                    ? ChatResponseFormat.ForJsonSchema(schema.Clone(), js.TryGetProperty("name", out var n) ? n.GetString() : null)
                    : throw new FormatException("response_format json_schema needs json_schema.schema"),
                "json_object" => ChatResponseFormat.Json,
                "text" => ChatResponseFormat.Text,
                _ => throw new FormatException($"unknown response_format type '{type}'"),
            };
        }

        if (root.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.True)
        {
            options.AdditionalProperties = new() { ["logprobs"] = true, ["top_logprobs"] = Int(root, "top_logprobs") ?? 0 };
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return new ParsedRequest(messages, options, stream, includeUsage);
    }

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static float? Float(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;

    private sealed record ParsedRequest(List<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage);
}
