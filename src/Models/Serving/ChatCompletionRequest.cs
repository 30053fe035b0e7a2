using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MidTrain.Models.Serving;

/// <summary>
/// A validated <c>POST /v1/chat/completions</c> body. <see cref="Parse"/> follows OpenAI's rules: every parameter it
/// knows is type- and range-checked; parameters this server cannot honour (<c>n</c> &gt; 1, <c>tools</c>,
/// <c>logit_bias</c>, non-zero penalties, audio, images…) are refused with a 400 naming them instead of being ignored;
/// parameters it does not know are ignored, as OpenAI ignores them. Immutable.
/// </summary>
internal sealed record ChatCompletionRequest(string Model, List<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage)
{
    /// <summary>The roles OpenAI defines; <c>developer</c> is read as <c>system</c>.</summary>
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    private static readonly string[] ContentTypes = ["text", "image_url", "input_audio", "file", "refusal"];

    private static readonly string[] ResponseFormats = ["text", "json_object", "json_schema"];

    /// <summary>OpenAI's own limits.</summary>
    private const int MaxStopSequences = 4;
    private const int MaxTopLogprobs = 20;

    /// <summary>The largest length or count bound a response schema may set (llama.cpp's grammar limit is 2000).</summary>
    internal const int MaxSchemaRepetition = 1000;

    /// <summary>Reads the model name alone (so an unknown model is a 404 before anything else is judged).</summary>
    public static string ReadModel(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw RequestParameters.Fail(OpenAiError.BadJson("the top level is not an object"));
        }

        var model = new RequestParameters(root).String("model");
        return string.IsNullOrEmpty(model) ? throw RequestParameters.Fail(OpenAiError.Missing("model")) : model;
    }

    /// <exception cref="OpenAiErrorException">The body is invalid or asks for something this server does not do.</exception>
    public static ChatCompletionRequest Parse(JsonElement root, int maxTokensLimit)
    {
        var model = ReadModel(root);
        var p = new RequestParameters(root);
        var messages = ReadMessages(p);
        RefuseUnsupported(p);

        var options = new ChatOptions();
        var maxCompletion = p.Integer("max_completion_tokens", 1, maxTokensLimit);
        var max = p.Integer("max_tokens", 1, maxTokensLimit);
        if ((maxCompletion ?? max) is { } limit)
        {
            options.MaxOutputTokens = (int)limit;
        }

        options.Temperature = (float?)p.Number("temperature", 0, 2);
        options.TopP = (float?)p.Number("top_p", 0, 1);
        options.TopK = (int?)p.Integer("top_k", 0, int.MaxValue);
        options.Seed = p.Integer("seed");
        options.StopSequences = ReadStop(p);
        options.ResponseFormat = ReadResponseFormat(p);

        var logprobs = p.Boolean("logprobs") ?? false;
        var topLogprobs = p.Integer("top_logprobs", 0, MaxTopLogprobs);
        if (topLogprobs is not null && !logprobs)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidValue("top_logprobs", "requires 'logprobs' to be true."));
        }

        if (logprobs)
        {
            options.AdditionalProperties = new() { ["logprobs"] = true, ["top_logprobs"] = (int)(topLogprobs ?? 0) };
        }

        var stream = p.Boolean("stream") ?? false;
        var streamOptions = p.Object("stream_options");
        if (streamOptions is not null && !stream)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidValue("stream_options", "only allowed when 'stream' is true."));
        }

        var includeUsage = streamOptions?.Boolean("include_usage") ?? false;
        return new ChatCompletionRequest(model, messages, options, stream, includeUsage);
    }

    private static List<ChatMessage> ReadMessages(RequestParameters p)
    {
        var array = p.Array("messages") ?? throw RequestParameters.Fail(OpenAiError.Missing("messages"));
        if (array.GetArrayLength() == 0)
        {
            throw RequestParameters.Fail(OpenAiError.EmptyArray("messages"));
        }

        var messages = new List<ChatMessage>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = $"messages[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw RequestParameters.Fail(OpenAiError.InvalidType(name, "an object", item));
            }

            var message = new RequestParameters(item, name);
            var role = message.String("role") ?? throw RequestParameters.Fail(OpenAiError.Missing(message.Name("role")));
            if (!Roles.Contains(role, StringComparer.Ordinal))
            {
                throw RequestParameters.Fail(OpenAiError.InvalidValue(message.Name("role"), role, Roles));
            }

            if (role is "tool" or "function")
            {
                throw RequestParameters.Fail(OpenAiError.UnsupportedValue(message.Name("role"), $"'{role}' messages need tool calling, which this server does not implement."));
            }

            if (message.IsSet("tool_calls") || message.IsSet("function_call"))
            {
                var field = message.Has("tool_calls") ? "tool_calls" : "function_call";
                throw RequestParameters.Fail(OpenAiError.UnsupportedParameter(message.Name(field), "this server does not implement tool calling."));
            }

            if (message.IsSet("audio"))
            {
                throw RequestParameters.Fail(OpenAiError.UnsupportedParameter(message.Name("audio"), "this server serves text only."));
            }

            var text = ReadContent(message, role);
            messages.Add(new ChatMessage(role == "developer" ? ChatRole.System : new ChatRole(role), text));
            index++;
        }

        return messages;
    }

    private static string ReadContent(RequestParameters message, string role)
    {
        var name = message.Name("content");
        if (message.Get("content") is not { } content)
        {
            // Only an assistant turn that called tools may omit its content, and tool calls are refused above.
            throw RequestParameters.Fail(new OpenAiError(400, $"Invalid '{name}': a {role} message needs content.", Param: name, Code: "invalid_value"));
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType(name, "a string or an array of content parts", content));
        }

        var text = new System.Text.StringBuilder();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partName = $"{name}[{index}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                throw RequestParameters.Fail(OpenAiError.InvalidType(partName, "an object", part));
            }

            var fields = new RequestParameters(part, partName);
            var type = fields.String("type") ?? throw RequestParameters.Fail(OpenAiError.Missing(fields.Name("type")));
            switch (type)
            {
                case "text":
                    text.Append(fields.String("text") ?? throw RequestParameters.Fail(OpenAiError.Missing(fields.Name("text"))));
                    break;
                case "refusal" when role == "assistant":
                    text.Append(fields.String("refusal") ?? string.Empty);
                    break;
                case "image_url" or "input_audio" or "file":
                    throw RequestParameters.Fail(OpenAiError.UnsupportedValue(fields.Name("type"), $"'{type}' content needs a multimodal model; this server takes text only."));
                default:
                    throw RequestParameters.Fail(OpenAiError.InvalidValue(fields.Name("type"), type, ContentTypes));
            }

            index++;
        }

        return text.ToString();
    }

    /// <summary>Parameters OpenAI defines that this server cannot honour: a 400 naming them, never a silent no-op.</summary>
    private static void RefuseUnsupported(RequestParameters p)
    {
        if (p.Integer("n", 1) is > 1)
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedValue("n", "this server returns one choice per request; send n requests with different seeds instead."));
        }

        foreach (var field in new[] { "tools", "functions" })
        {
            if (p.IsSet(field))
            {
                throw RequestParameters.Fail(OpenAiError.UnsupportedParameter(field, "this server does not implement tool calling."));
            }
        }

        foreach (var field in new[] { "tool_choice", "function_call" })
        {
            if (p.Get(field) is { } choice && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "none" or "auto"))
            {
                throw RequestParameters.Fail(OpenAiError.UnsupportedParameter(field, "this server does not implement tool calling."));
            }
        }

        if (p.IsSet("logit_bias"))
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedParameter("logit_bias", "the local sampler has no logit bias."));
        }

        foreach (var field in new[] { "frequency_penalty", "presence_penalty" })
        {
            if (p.Number(field, -2, 2) is { } penalty && penalty != 0)
            {
                throw RequestParameters.Fail(OpenAiError.UnsupportedValue(field, "the local sampler applies no penalties; only 0 is accepted."));
            }
        }

        if (p.IsSet("audio"))
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedParameter("audio", "this server serves text only."));
        }

        if (p.Array("modalities") is { } modalities && modalities.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || m.GetString() != "text"))
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedValue("modalities", "this server serves text only."));
        }

        if (p.IsSet("prediction"))
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedParameter("prediction", "predicted outputs are not implemented."));
        }

        if (p.IsSet("web_search_options"))
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedParameter("web_search_options", "this server has no web search."));
        }
    }

    /// <summary>
    /// Length and count bounds become grammar repetitions, and llama.cpp aborts the whole process (not just the
    /// request) on a repetition of 2000 or more: bounds above <see cref="MaxSchemaRepetition"/> are refused up front.
    /// </summary>
    private static void RefuseHugeRepetitions(JsonElement schema, string param)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in schema.EnumerateObject())
                {
                    if (property.Name is "minLength" or "maxLength" or "minItems" or "maxItems"
                        && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var bound) && bound > MaxSchemaRepetition)
                    {
                        throw RequestParameters.Fail(OpenAiError.UnsupportedValue(param,
                            $"'{property.Name}': {property.Value.GetRawText()} is more than the {MaxSchemaRepetition} this server can enforce with a grammar."));
                    }

                    RefuseHugeRepetitions(property.Value, param);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in schema.EnumerateArray())
                {
                    RefuseHugeRepetitions(item, param);
                }

                break;
        }
    }

    private static List<string>? ReadStop(RequestParameters p)
    {
        if (p.Get("stop") is not { } stop)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType("stop", "a string or an array of strings", stop));
        }

        if (stop.GetArrayLength() > MaxStopSequences)
        {
            throw RequestParameters.Fail(OpenAiError.TooLong("stop", MaxStopSequences, stop.GetArrayLength()));
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in stop.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw RequestParameters.Fail(OpenAiError.InvalidType($"stop[{index}]", "a string", item)));
            index++;
        }

        return list;
    }

    private static ChatResponseFormat? ReadResponseFormat(RequestParameters p)
    {
        if (p.Object("response_format") is not { } format)
        {
            return null;
        }

        var type = format.String("type") ?? throw RequestParameters.Fail(OpenAiError.Missing(format.Name("type")));
        switch (type)
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                var spec = format.Object("json_schema") ?? throw RequestParameters.Fail(OpenAiError.Missing(format.Name("json_schema")));
                var name = spec.String("name");
                var description = spec.String("description");
                spec.Boolean("strict");
                if (spec.Get("schema") is not { } schema)
                {
                    // OpenAI treats a schema-less json_schema like json_object.
                    return ChatResponseFormat.Json;
                }

                if (schema.ValueKind != JsonValueKind.Object)
                {
                    throw RequestParameters.Fail(OpenAiError.InvalidType(spec.Name("schema"), "an object", schema));
                }

                RefuseHugeRepetitions(schema, spec.Name("schema"));
                return ChatResponseFormat.ForJsonSchema(schema.Clone(), name, description);
            default:
                throw RequestParameters.Fail(OpenAiError.InvalidValue(format.Name("type"), type, ResponseFormats));
        }
    }
}
