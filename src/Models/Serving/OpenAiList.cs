using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MidTrain.Core.Jsonl;

namespace MidTrain.Models.Serving;

/// <summary>
/// OpenAI's list object, <c>{"object": "list", "data": [...], ...}</c>, the answer of <c>/v1/models</c> and
/// <c>/v1/embeddings</c>.
/// </summary>
internal static class OpenAiList
{
    /// <summary>
    /// Starts a JSON answer on <paramref name="context"/>'s response and writes up to the opening of <c>data</c>. The caller
    /// writes the items, closes the array and the object, flushes, and disposes the writer.
    /// </summary>
    public static Utf8JsonWriter Start(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        return json;
    }
}
