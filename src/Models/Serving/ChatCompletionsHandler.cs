using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Core.Jsonl;

namespace MidTrain.Models.Serving;

/// <summary>
/// <c>POST /v1/chat/completions</c>: validates the request (<see cref="ChatCompletionRequest"/>), admits it through the
/// <see cref="AdmissionGate"/> (429 when the queue is full) and runs it on the <see cref="IChatClient"/> under the
/// request's deadline (both by <see cref="ServiceHost.RunAdmittedAsync(HttpContext, AdmissionGate, Func{AdmissionGate.Ticket, CancellationToken, Task})"/>),
/// and writes the answer as JSON or as an SSE stream. Thread-safe.
/// </summary>
internal sealed class ChatCompletionsHandler(ServiceHost host, IChatClient backend, OpenAiServerOptions options, AdmissionGate gate)
{
    public const string Route = "/v1/chat/completions";

    private long _counter;

    public Task HandleAsync(HttpContext context) => host.GuardAsync(context, "The model failed", async () =>
    {
        ChatCompletionRequest request;
        using (var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes).ConfigureAwait(false))
        {
            var model = ChatCompletionRequest.ReadModel(body.RootElement);
            if (!string.Equals(model, options.ModelId, StringComparison.Ordinal))
            {
                throw RequestParameters.Fail(OpenAiError.ModelNotFound(model));
            }

            request = ChatCompletionRequest.Parse(body.RootElement, options.MaxTokensLimit);
        }

        await host.RunAdmittedAsync(context, gate, async (ticket, token) =>
        {
            var id = "chatcmpl-" + Interlocked.Increment(ref _counter).ToString("x", CultureInfo.InvariantCulture);
            var created = host.Clock.GetUtcNow().ToUnixTimeSeconds();
            if (request.Stream)
            {
                await StreamAsync(context, request, ticket, id, created, token).ConfigureAwait(false);
            }
            else
            {
                var response = await backend.GetResponseAsync(request.Messages, request.Options, token).ConfigureAwait(false);
                ticket.Dispose();
                Count(response.Usage);
                await WriteCompletionAsync(context, response, id, created, token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }, Translate);

    /// <summary>The model's refusals that are the request's fault: too long for the context, or a schema it cannot follow.</summary>
    private static OpenAiError? Translate(Exception exception) => exception switch
    {
        ModelCallException { Kind: ModelFailureKinds.ContextLength } ex => OpenAiError.ContextLength(ex.Message),
        ModelCallException { Kind: ModelFailureKinds.Schema } ex => new OpenAiError(400, ex.Message, Param: "response_format", Code: "invalid_value"),
        _ => null,
    };

    private void Count(UsageDetails? usage) => host.Metrics.Tokens(Route, usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);

    private async Task WriteCompletionAsync(HttpContext context, ChatResponse response, string id, long created, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        WriteStart(json, id, "chat.completion", created);
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", response.Text);
        json.WriteNull("refusal");
        json.WriteEndObject();
        WriteLogprobs(json, ChatLogprobs.FromResponse(response));
        json.WriteString("finish_reason", FinishReason(response.FinishReason));
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, response.Usage);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, ChatCompletionRequest request, AdmissionGate.Ticket ticket, string id, long created, CancellationToken cancellationToken)
    {
        // Headers go out with the first chunk, so a request the backend refuses at once (context length, schema) still
        // gets a plain 400.
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var first = true;
        UsageDetails? usage = null;
        await foreach (var update in backend.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken).ConfigureAwait(false))
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

            // Log-probabilities arrive with the final update; OpenAI's SDKs concatenate the chunks' entries.
            var logprobs = update.FinishReason is null ? null : Logprobs(update.AdditionalProperties);
            await ChunkAsync(context, id, created, first, text, update.FinishReason, logprobs, null, cancellationToken).ConfigureAwait(false);
            first = false;
        }

        ticket.Dispose();
        Count(usage);
        if (request.IncludeUsage)
        {
            await ChunkAsync(context, id, created, false, null, null, null, usage ?? new UsageDetails(), cancellationToken).ConfigureAwait(false);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<TokenLogprob>? Logprobs(AdditionalPropertiesDictionary? properties) => ChatLogprobs.From(properties);

    private async Task ChunkAsync(HttpContext context, string id, long created, bool first, string? text, ChatFinishReason? finish, IReadOnlyList<TokenLogprob>? logprobs, UsageDetails? usage, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            WriteStart(json, id, "chat.completion.chunk", created);
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
                WriteLogprobs(json, logprobs);
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

        await context.Response.WriteAsync("data: ", cancellationToken).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await context.Response.WriteAsync("\n\n", cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a completion and each of its chunks open with, up to the opening of <c>choices</c>.</summary>
    private void WriteStart(Utf8JsonWriter json, string id, string kind, long created)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", options.ModelId);
        json.WriteStartArray("choices");
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
        json.WriteNull("refusal");
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
}
