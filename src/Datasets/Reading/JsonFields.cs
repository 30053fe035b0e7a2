using System.Globalization;
using System.Text.Json;

namespace MidTrain.Datasets.Reading;

/// <summary>Tolerant accessors for the JSON lines of a run: a missing or mistyped field reads as null, never throws.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static long? Integer(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    public static bool? Boolean(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static JsonElement? Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;

    /// <summary>The raw JSON text of a field that is present and not null (objects, arrays, anything), else null.</summary>
    public static string? Raw(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value.GetRawText() : null;

    /// <summary>Whether the line is a sample (it has messages and a source), as opposed to a document or passage.</summary>
    public static bool IsSample(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array
        && element.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object;

    /// <summary>The first user message's content, or null.</summary>
    public static string? FirstUserContent(JsonElement sample)
    {
        if (Array(sample, "messages") is not { } messages)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (String(message, "role") == "user")
            {
                return String(message, "content");
            }
        }

        return null;
    }

    /// <summary>A score as the card writes it: invariant, shortest round-trip form (4, 3.5).</summary>
    public static string Score(double score) => score.ToString("0.###", CultureInfo.InvariantCulture);
}
