using System.Globalization;
using System.Text.Json;

namespace MidTrain.Core.Structured;

/// <summary>
/// Validates JSON against the subset of JSON Schema that structured-output prompts use (and that the GBNF grammar
/// generator supports): <c>type</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties: false</c>,
/// <c>enum</c>, <c>const</c>, <c>minLength</c>/<c>maxLength</c>, <c>minimum</c>/<c>maximum</c>, <c>items</c>,
/// <c>minItems</c>/<c>maxItems</c>, <c>anyOf</c>. Thread-safe.
/// </summary>
public static class JsonSchemaSubset
{
    /// <summary>Returns the first violation as a JSON-path-like message, or null when <paramref name="value"/> is valid.</summary>
    public static string? Validate(JsonElement value, JsonElement schema, string path = "$")
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            var errors = anyOf.EnumerateArray().Select(s => Validate(value, s, path)).ToList();
            if (errors.All(e => e is not null))
            {
                return errors[0];
            }
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            return $"{path}: must be {constant.GetRawText()}";
        }

        if (schema.TryGetProperty("enum", out var enumeration) && enumeration.ValueKind == JsonValueKind.Array
            && !enumeration.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
        {
            return $"{path}: must be one of {enumeration.GetRawText()}, got {value.GetRawText()}";
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToArray() : [type.GetString()];
            if (!types.Any(t => Matches(value, t)))
            {
                return $"{path}: expected {string.Join(" or ", types)}, got {Describe(value)}";
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var length = Length(value.GetString()!);
                if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
                {
                    return $"{path}: shorter than {minLength.GetInt32()} characters";
                }

                if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
                {
                    return $"{path}: longer than {maxLength.GetInt32()} characters";
                }

                break;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDouble())
                {
                    return $"{path}: below the minimum {minimum.GetRawText()}";
                }

                if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDouble())
                {
                    return $"{path}: above the maximum {maximum.GetRawText()}";
                }

                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
                {
                    return $"{path}: fewer than {minItems.GetInt32()} items";
                }

                if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                {
                    return $"{path}: more than {maxItems.GetInt32()} items";
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (Validate(item, items, $"{path}[{index++}]") is { } error)
                        {
                            return error;
                        }
                    }
                }

                break;
            case JsonValueKind.Object:
                var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out _))
                        {
                            return $"{path}: missing required property '{name}'";
                        }
                    }
                }

                var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        if (Validate(property.Value, propertySchema, $"{path}.{property.Name}") is { } error)
                        {
                            return error;
                        }
                    }
                    else if (closed)
                    {
                        return $"{path}: unexpected property '{property.Name}'";
                    }
                }

                break;
        }

        return null;
    }

    /// <summary>
    /// Characters as a reader counts them (text elements), with a run of U+FFFD counted once: a malformed UTF-8
    /// sequence decodes to one or several replacement characters depending on the decoder, while a grammar-constrained
    /// decoder counted it as one character.
    /// </summary>
    private static int Length(string text)
    {
        if (!text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return new StringInfo(text).LengthInTextElements;
        }

        var collapsed = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\uFFFD' || i == 0 || text[i - 1] != '\uFFFD')
            {
                collapsed.Append(text[i]);
            }
        }

        return new StringInfo(collapsed.ToString()).LengthInTextElements;
    }

    private static bool Matches(JsonElement value, string? type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
