using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MidTrain.Core.Jsonl;

namespace MidTrain.Models.Serving;

/// <summary>
/// An error answer in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, with its HTTP status. The
/// codes are the ones OpenAI itself sends (<c>invalid_type</c>, <c>integer_below_min_value</c>, <c>model_not_found</c>,
/// <c>invalid_api_key</c>, <c>rate_limit_exceeded</c>, …), so clients that branch on them keep working. Immutable.
/// </summary>
internal sealed record OpenAiError(int Status, string Message, string Type = OpenAiError.InvalidRequest, string? Param = null, string? Code = null)
{
    public const string InvalidRequest = "invalid_request_error";

    public static OpenAiError InvalidType(string param, string expected, JsonElement got) =>
        new(400, $"Invalid type for '{param}': expected {expected}, but got {Describe(got)} instead.", Param: param, Code: "invalid_type");

    public static OpenAiError Missing(string param) =>
        new(400, $"Missing required parameter: '{param}'.", Param: param, Code: "missing_required_parameter");

    public static OpenAiError BelowMinimum(string param, string minimum, string got, bool integer) =>
        new(400, $"Invalid '{param}': {(integer ? "integer" : "decimal")} below minimum value. Expected a value >= {minimum}, but got {got} instead.",
            Param: param, Code: integer ? "integer_below_min_value" : "decimal_below_min_value");

    public static OpenAiError AboveMaximum(string param, string maximum, string got, bool integer) =>
        new(400, $"Invalid '{param}': {(integer ? "integer" : "decimal")} above maximum value. Expected a value <= {maximum}, but got {got} instead.",
            Param: param, Code: integer ? "integer_above_max_value" : "decimal_above_max_value");

    public static OpenAiError InvalidValue(string param, string got, IEnumerable<string> supported) =>
        new(400, $"Invalid value for '{param}': '{got}'. Supported values are: {string.Join(", ", supported.Select(s => $"'{s}'"))}.", Param: param, Code: "invalid_value");

    public static OpenAiError InvalidValue(string param, string message) => new(400, $"Invalid '{param}': {message}", Param: param, Code: "invalid_value");

    public static OpenAiError EmptyArray(string param) =>
        new(400, $"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.", Param: param, Code: "empty_array");

    public static OpenAiError TooLong(string param, int maximum, int got) =>
        new(400, $"Invalid '{param}': array too long. Expected an array with maximum length {maximum}, but got an array with length {got} instead.", Param: param, Code: "array_above_max_length");

    /// <summary>A parameter OpenAI accepts but this server does not implement: refused rather than silently ignored.</summary>
    public static OpenAiError UnsupportedParameter(string param, string why) =>
        new(400, $"Unsupported parameter: '{param}' is not supported by this server: {why}", Param: param, Code: "unsupported_parameter");

    public static OpenAiError UnsupportedValue(string param, string why) =>
        new(400, $"Unsupported value for '{param}': {why}", Param: param, Code: "unsupported_value");

    public static OpenAiError ContextLength(string message) => new(400, message, Param: "messages", Code: "context_length_exceeded");

    public static OpenAiError BadJson(string detail) =>
        new(400, $"We could not parse the JSON body of your request ({detail}). The body must be a JSON object.", Code: "invalid_json");

    public static OpenAiError ModelNotFound(string model) =>
        new(404, $"The model '{model}' does not exist on this server.", Param: "model", Code: "model_not_found");

    public static OpenAiError InvalidApiKey(bool headerPresent) => new(401,
        headerPresent
            ? "Incorrect API key provided. Send the key this server was started with as 'Authorization: Bearer KEY'."
            : "You didn't provide an API key. Send it in an Authorization header using Bearer auth (Authorization: Bearer KEY).",
        Code: "invalid_api_key");

    public static OpenAiError QueueFull(int queued, TimeSpan retryAfter) => new(429,
        $"The server is busy: its queue is full ({queued.ToString(CultureInfo.InvariantCulture)} requests waiting). Retry after {Seconds(retryAfter)} s.",
        Type: "requests", Code: "rate_limit_exceeded");

    public static OpenAiError Timeout(TimeSpan limit) =>
        new(504, $"The request did not finish within the server's limit of {Seconds(limit)} s.", Type: "server_error", Code: "timeout");

    public static OpenAiError ShuttingDown() => new(503, "The server is shutting down.", Type: "server_error", Code: "server_shutting_down");

    public static OpenAiError BodyTooLarge(long limit) =>
        new(413, $"The request body exceeds the server's limit of {limit.ToString(CultureInfo.InvariantCulture)} bytes.", Code: "request_too_large");

    public static OpenAiError Server(string message) => new(500, message, Type: "server_error");

    /// <summary>
    /// Marks a request whose client went away before an answer started as 499 (nginx's "client closed request"), so
    /// <c>/metrics</c> does not count it as served; nothing is sent.
    /// </summary>
    public static void ClientGone(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = ClientClosedRequest;
        }
    }

    public const int ClientClosedRequest = 499;

    /// <summary>Retry-After in whole seconds, at least 1 (the header carries integers).</summary>
    public static int Seconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds));

    /// <summary>
    /// Answers with this error: as the JSON body of a response not yet started; as a final <c>data: {"error": …}</c>
    /// event of an SSE stream already under way (what OpenAI's SDKs raise as an APIError); otherwise (a JSON answer
    /// half-written) by aborting the connection, so the client sees a failure rather than a truncated success.
    /// </summary>
    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = Status;
            response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(response.BodyWriter, JsonDefaults.WriterOptions);
            WriteObject(json);
            await json.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }

        if (response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) != true)
        {
            context.Abort();
            return;
        }

        try
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
            {
                WriteObject(json);
            }

            await response.Body.WriteAsync("data: "u8.ToArray(), CancellationToken.None).ConfigureAwait(false);
            await response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await response.Body.WriteAsync("\n\n"u8.ToArray(), CancellationToken.None).ConfigureAwait(false);
            await response.Body.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is already gone.
        }
    }

    /// <summary>Writes <c>{"error": {...}}</c>.</summary>
    public void WriteObject(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", Message);
        json.WriteString("type", Type);
        WriteNullable(json, "param", Param);
        WriteNullable(json, "code", Code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
