using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Hashing;
using MidTrain.Core.Models;
using MidTrain.Models.Reasoning;

namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// Writes a chat request as the body of an OpenAI <c>/v1/chat/completions</c> call (the line of a batch input file)
/// and reads a completion body back into a <see cref="ChatResponse"/>; names a request by a hash of its body, so the
/// same request asked again (after a resume) finds the batch it is already in. Stateless.
/// </summary>
internal static class BatchRequestCodec
{
    /// <summary>The request body: the same fields the SK connector sends for the same call.</summary>
    public static JsonObject Body(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, ModelReasoningOptions? reasoning = null)
    {
        var body = new JsonObject
        {
            ["model"] = options?.ModelId is { Length: > 0 } chosen ? chosen : model,
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text ?? string.Empty }).ToArray()),
        };

        // As the direct client sends them: the call's effort (else the model's) as reasoning_effort, a trace budget
        // under the configured field.
        if ((OpenAiEndpointChatClient.Effort(options?.Reasoning?.Effort) ?? reasoning?.Effort) is { } effort)
        {
            body["reasoning_effort"] = effort;
        }

        if (reasoning?.MaxTokens is { } budget)
        {
            RequestFieldsPolicy.SetField(body, reasoning.BudgetField, budget);
        }

        if (options is null)
        {
            return body;
        }

        Set(body, "max_completion_tokens", options.MaxOutputTokens);
        Set(body, "temperature", options.Temperature);
        Set(body, "top_p", options.TopP);
        Set(body, "seed", options.Seed);
        Set(body, "frequency_penalty", options.FrequencyPenalty);
        Set(body, "presence_penalty", options.PresencePenalty);
        if (options.StopSequences is { Count: > 0 } stop)
        {
            body["stop"] = new JsonArray(stop.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        }

        if (ChatLogprobs.TopRequested(options) is { } top)
        {
            body["logprobs"] = true;
            if (top > 0)
            {
                body["top_logprobs"] = top;
            }
        }

        switch (options.ResponseFormat)
        {
            case ChatResponseFormatJson { Schema: { } schema } json:
                var format = new JsonObject
                {
                    ["name"] = json.SchemaName ?? "response",
                    ["schema"] = JsonNode.Parse(schema.GetRawText()),
                    ["strict"] = true,
                };
                if (json.SchemaDescription is { } description)
                {
                    format["description"] = description;
                }

                body["response_format"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = format };
                break;
            case ChatResponseFormatJson:
                body["response_format"] = new JsonObject { ["type"] = "json_object" };
                break;
        }

        return body;
    }

    /// <summary>The request's name in a batch: <c>mt-</c> and 40 hex digits of the body's SHA-256.</summary>
    public static string CustomId(JsonObject body) => "mt-" + ContentHash.Sha256Hex(body.ToJsonString())[..40];

    /// <summary>The message's reasoning trace in <paramref name="field"/>, or null when absent or empty.</summary>
    private static string? Trace(JsonElement message, string field) =>
        message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>Reads a <c>chat.completion</c> body (with a <c>reasoning_content</c> or <c>reasoning</c> trace as <see cref="TextReasoningContent"/>).</summary>
    /// <exception cref="ModelCallException">Kind <c>parse</c>: the body is not a completion.</exception>
    public static ChatResponse Response(JsonElement body, string fallbackModel)
    {
        try
        {
            var choice = body.GetProperty("choices")[0];
            var message = choice.GetProperty("message");
            var content = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
            var reply = new ChatMessage(ChatRole.Assistant, content);
            if ((Trace(message, "reasoning_content") ?? Trace(message, "reasoning")) is { } trace)
            {
                // The non-standard trace field of reasoning servers, read as the direct client reads it.
                reply.Contents.Insert(0, new TextReasoningContent(trace));
            }

            var response = new ChatResponse(reply)
            {
                ModelId = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : fallbackModel,
                ResponseId = body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                FinishReason = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String ? Finish(finish.GetString()!) : null,
            };
            if (body.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                response.Usage = new UsageDetails
                {
                    InputTokenCount = Long(usage, "prompt_tokens"),
                    OutputTokenCount = Long(usage, "completion_tokens"),
                    TotalTokenCount = Long(usage, "total_tokens"),
                    CachedInputTokenCount = usage.TryGetProperty("prompt_tokens_details", out var input) && input.ValueKind == JsonValueKind.Object ? Long(input, "cached_tokens") : null,
                    ReasoningTokenCount = usage.TryGetProperty("completion_tokens_details", out var output) && output.ValueKind == JsonValueKind.Object ? Long(output, "reasoning_tokens") : null,
                };
            }

            if (choice.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.Object
                && logprobs.TryGetProperty("content", out var tokens) && tokens.ValueKind == JsonValueKind.Array && tokens.GetArrayLength() > 0)
            {
                ChatLogprobs.Attach(response, tokens.EnumerateArray().Select(Token).ToList());
            }

            return response;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new ModelCallException(ModelFailureKinds.Parse, $"a batch result is not a chat completion: {ex.Message}", ex);
        }
    }

    private static TokenLogprob Token(JsonElement token) => new(
        token.GetProperty("token").GetString() ?? string.Empty,
        token.GetProperty("logprob").GetDouble(),
        token.TryGetProperty("top_logprobs", out var top) && top.ValueKind == JsonValueKind.Array ? top.EnumerateArray().Select(Token).ToList() : null,
        token.TryGetProperty("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.Array ? bytes.EnumerateArray().Select(b => b.GetInt32()).ToList() : null);

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static ChatFinishReason Finish(string reason) => reason switch
    {
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        _ => ChatFinishReason.Stop,
    };

    private static void Set<T>(JsonObject body, string key, T? value)
        where T : struct
    {
        if (value is { } v)
        {
            body[key] = JsonValue.Create(v);
        }
    }
}
