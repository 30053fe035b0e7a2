using System.Globalization;
using System.Text.Json.Nodes;

namespace MidTrain.Core.Configuration;

/// <summary>
/// Converts configuration nodes to JSON: unquoted scalars typed as the YAML 1.2 core schema reads them (null,
/// booleans, integers, floats), quoted ones as strings. Used for manifests, sample fields and plug-in settings. Stateless.
/// </summary>
public static class ConfigJson
{
    /// <summary>The JSON form of <paramref name="node"/>.</summary>
    public static JsonNode? ToJson(ConfigNode node) => node switch
    {
        ConfigMapping map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        ConfigSequence seq => new JsonArray(seq.Items.Select(ToJson).ToArray()),
        ConfigScalar { IsQuoted: true } scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        ConfigScalar scalar => Plain(scalar.Value),
        _ => null,
    };

    private static JsonNode? Plain(string? value)
    {
        if (value is null or "~" or "null" or "Null" or "NULL" or "")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    /// <summary>
    /// The configuration node of a JSON value (e.g. options recorded in a manifest), so the one binder can read it back:
    /// strings become quoted scalars, other values plain ones. Lines are 0 (<paramref name="file"/> names the source).
    /// </summary>
    public static ConfigNode FromJson(JsonNode? node, string file, string path = "") => node switch
    {
        JsonObject obj => new ConfigMapping(file, 0, path, obj.Select(p => new ConfigEntry(p.Key, 0, FromJson(p.Value, file, ConfigNode.Combine(path, p.Key)))).ToArray()),
        JsonArray array => new ConfigSequence(file, 0, path, array.Select((item, i) => FromJson(item, file, $"{path}[{i}]")).ToArray()),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => new ConfigScalar(file, 0, path, value.GetValue<string>(), quoted: true),
        JsonValue value => new ConfigScalar(file, 0, path, value.ToJsonString()),
        _ => new ConfigScalar(file, 0, path, null),
    };
}
