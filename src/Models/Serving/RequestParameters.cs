using System.Globalization;
using System.Text.Json;

namespace MidTrain.Models.Serving;

/// <summary>
/// Typed, validated access to the fields of one JSON request object. Every accessor treats an absent field and an
/// explicit <c>null</c> alike (as OpenAI does) and throws <see cref="OpenAiErrorException"/> naming the parameter, with
/// OpenAI's error code, when a value has the wrong type or is out of range.
/// </summary>
internal readonly struct RequestParameters
{
    private readonly JsonElement _object;
    private readonly string _prefix;

    public RequestParameters(JsonElement value, string prefix = "")
    {
        _object = value;
        _prefix = prefix;
    }

    /// <summary>The parameter's name as errors report it (<c>messages[0].role</c>).</summary>
    public string Name(string field) => _prefix.Length == 0 ? field : _prefix + "." + field;

    /// <summary>The field's value, or null when it is absent or JSON null.</summary>
    public JsonElement? Get(string field) =>
        _object.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public bool Has(string field) => Get(field) is not null;

    public string? String(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Fail(OpenAiError.InvalidType(Name(field), "a string", value));
    }

    public bool? Boolean(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(OpenAiError.InvalidType(Name(field), "a boolean", value)),
        };
    }

    public long? Integer(string field, long minimum = long.MinValue, long maximum = long.MaxValue)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Fail(OpenAiError.InvalidType(Name(field), "an integer", value));
        }

        if (!value.TryGetInt64(out var number))
        {
            // A fraction, or an integer beyond 64 bits.
            if (!value.TryGetDouble(out var d) || Math.Floor(d) != d)
            {
                throw Fail(OpenAiError.InvalidType(Name(field), "an integer", value));
            }

            throw Fail(d < minimum
                ? OpenAiError.BelowMinimum(Name(field), Text(minimum), value.GetRawText(), integer: true)
                : OpenAiError.AboveMaximum(Name(field), Text(maximum), value.GetRawText(), integer: true));
        }

        if (number < minimum)
        {
            throw Fail(OpenAiError.BelowMinimum(Name(field), Text(minimum), Text(number), integer: true));
        }

        if (number > maximum)
        {
            throw Fail(OpenAiError.AboveMaximum(Name(field), Text(maximum), Text(number), integer: true));
        }

        return number;
    }

    public double? Number(string field, double minimum, double maximum)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            throw Fail(OpenAiError.InvalidType(Name(field), "a decimal", value));
        }

        if (number < minimum)
        {
            throw Fail(OpenAiError.BelowMinimum(Name(field), Text(minimum), value.GetRawText(), integer: false));
        }

        if (number > maximum)
        {
            throw Fail(OpenAiError.AboveMaximum(Name(field), Text(maximum), value.GetRawText(), integer: false));
        }

        return number;
    }

    /// <summary>The field as an object (null when absent).</summary>
    public RequestParameters? Object(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? new RequestParameters(value, Name(field)) : throw Fail(OpenAiError.InvalidType(Name(field), "an object", value));
    }

    /// <summary>The field as an array (null when absent).</summary>
    public JsonElement? Array(string field)
    {
        if (Get(field) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw Fail(OpenAiError.InvalidType(Name(field), "an array", value));
    }

    /// <summary>True when the field holds something other than null, false, 0, "", [] or {}: a setting that would change the answer.</summary>
    public bool IsSet(string field) => Get(field) is { } value && value.ValueKind switch
    {
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => true,
    };

    public static OpenAiErrorException Fail(OpenAiError error) => new(error);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
