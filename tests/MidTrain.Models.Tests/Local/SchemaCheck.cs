using System.Text.Json;

namespace MidTrain.Models.Tests.Local;

/// <summary>A slow, obvious checker for the JSON Schema subset the tests use.</summary>
internal static class SchemaCheck
{
    public static bool Matches(JsonElement value, JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var values))
        {
            return values.EnumerateArray().Any(v => v.GetRawText() == value.GetRawText());
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            return types.Any(t => MatchesType(value, t, schema));
        }

        return true;
    }

    private static bool MatchesType(JsonElement value, string type, JsonElement schema)
    {
        switch (type)
        {
            case "null": return value.ValueKind == JsonValueKind.Null;
            case "boolean": return value.ValueKind is JsonValueKind.True or JsonValueKind.False;
            case "string":
                return value.ValueKind == JsonValueKind.String
                    && (!schema.TryGetProperty("maxLength", out var max) || value.GetString()!.Length <= max.GetInt32());
            case "integer":
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var i)
                    && (!schema.TryGetProperty("minimum", out var lo) || i >= lo.GetInt64())
                    && (!schema.TryGetProperty("maximum", out var hi) || i <= hi.GetInt64());
            case "number": return value.ValueKind == JsonValueKind.Number;
            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                var n = value.GetArrayLength();
                return (!schema.TryGetProperty("minItems", out var minI) || n >= minI.GetInt32())
                    && (!schema.TryGetProperty("maxItems", out var maxI) || n <= maxI.GetInt32())
                    && (!schema.TryGetProperty("items", out var items) || value.EnumerateArray().All(e => Matches(e, items)));
            case "object":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                var props = schema.TryGetProperty("properties", out var p) ? p : default;
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                foreach (var name in required)
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        return false;
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (props.ValueKind != JsonValueKind.Object || !props.TryGetProperty(property.Name, out var sub) || !Matches(property.Value, sub))
                    {
                        return false;
                    }
                }

                return true;
            default: return false;
        }
    }
}
