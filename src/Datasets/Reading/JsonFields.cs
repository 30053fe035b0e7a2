using System.Globalization;
using System.Text.Json;

namespace MidTrain.Datasets.Reading;

/// <summary>Tolerant accessors for the JSON lines of a run: a missing or mistyped field reads as null, never throws.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static double? Number(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static long? Integer(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    public static bool? Boolean(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public static JsonElement? Object(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static JsonElement? Array(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;

    /// <summary>The raw JSON text of a field that is present and not null (objects, arrays, anything), else null.</summary>
    public static string? Raw(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value.GetRawText() : null;

    /// <summary>Whether the line is a sample (it has messages and a source), as opposed to a document or passage.</summary>
    public static bool IsSample(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("messages"u8, out var m) && m.ValueKind == JsonValueKind.Array
        && element.TryGetProperty("source"u8, out var s) && s.ValueKind == JsonValueKind.Object;

    /// <summary>The first user message's content (a JSON string), or null.</summary>
    public static JsonElement? FirstUserMessage(JsonElement sample)
    {
        if (Array(sample, "messages"u8) is not { } messages)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role"u8, out var role) && role.ValueEquals("user"u8)
                && message.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.String)
            {
                return content;
            }
        }

        return null;
    }

    /// <summary>A score as the card writes it: invariant, shortest round-trip form (4, 3.5).</summary>
    public static string Score(double score) => score.ToString("0.###", CultureInfo.InvariantCulture);
}
