using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Core.Verification;

/// <summary>
/// How verifiers meet plain JSON records outside a pipeline (<c>midtrain verify KIND</c>, reward endpoints): a record
/// becomes a <see cref="Sample"/>, and a <see cref="Verdict"/> becomes one flat JSON object. Stateless.
/// </summary>
public static class VerifierLines
{
    /// <summary>The sample a line stands for: the line itself when it has <c>messages</c>, else one built from its fields.</summary>
    public static Sample ToSample(JsonObject line, string? answerField, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var id = line["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var text) ? text : $"line-{lineNumber.ToString(CultureInfo.InvariantCulture)}";
        if (line["messages"] is JsonArray && line["source"] is JsonObject)
        {
            return line.Deserialize<Sample>(JsonDefaults.Options) ?? throw new JsonException("not a sample");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        string? answer = null;
        foreach (var (key, value) in line)
        {
            if (key == answerField && value is JsonValue v)
            {
                answer = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
                continue;
            }

            fields[key] = JsonSerializer.SerializeToElement(value, JsonDefaults.Options);
        }

        return new Sample
        {
            Id = id,
            Source = new SourceSpan(id, 0, 0, 0),
            Messages = answer is null ? [] : [new Message(Message.Assistant, answer)],
            Fields = fields,
        };
    }

    /// <summary>The <c>verdict</c> object of an output line: the verdict's own keys, then its details' keys.</summary>
    public static JsonObject VerdictJson(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var json = (JsonObject)JsonSerializer.SerializeToNode(verdict with { Details = null }, JsonDefaults.Options)!;
        json["duration_ms"] = Math.Round(verdict.DurationMs, 3);
        if (verdict.Details is { ValueKind: JsonValueKind.Object } details)
        {
            foreach (var property in details.EnumerateObject())
            {
                if (!json.ContainsKey(property.Name))
                {
                    json[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }
        }
        else if (verdict.Details is { } other)
        {
            json["details"] = JsonNode.Parse(other.GetRawText());
        }

        return json;
    }

}
