using System.Text;
using System.Text.Json;
using MidTrain.Core.Structured;

namespace MidTrain.Judges.Structured;

/// <summary>
/// Finds the JSON object in a model's reply (tolerating code fences or prose around it) and reads top-level members,
/// reporting where in the reply text each member's value starts (for locating the score token in log-probabilities).
/// </summary>
internal sealed class StructuredReply
{
    private readonly JsonElement _root;
    private readonly Dictionary<string, int> _valueOffsets;

    private StructuredReply(JsonElement root, Dictionary<string, int> valueOffsets)
    {
        _root = root;
        _valueOffsets = valueOffsets;
    }

    /// <summary>Parses <paramref name="text"/>; on failure returns null and a problem a model can act on.</summary>
    public static StructuredReply? TryParse(string text, out string? problem)
    {
        if (StructuredOutput.ExtractObject(text, out var start) is not { } json)
        {
            problem = "the reply contains no JSON object";
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problem = $"the JSON object is malformed ({ex.Message})";
            return null;
        }

        problem = null;
        return new StructuredReply(root, ValueOffsets(bytes, start));
    }

    /// <summary>The correction sent back to a judge model after an unusable reply; <paramref name="expected"/> shows the reply form.</summary>
    public static string Correction(string problem, string expected) =>
        $"Your reply could not be used: {problem}. Reply again with JSON only, exactly in this form: {expected}.";

    /// <summary>The top-level member <paramref name="name"/>, if present.</summary>
    public bool TryGet(string name, out JsonElement value) => _root.TryGetProperty(name, out value);

    /// <summary>The character offset in the whole reply text where the value of top-level member <paramref name="name"/> starts, or -1.</summary>
    public int ValueOffset(string name) => _valueOffsets.TryGetValue(name, out var offset) ? offset : -1;

    private static Dictionary<string, int> ValueOffsets(byte[] bytes, int textStart)
    {
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes);
        string? pending = null;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                pending = reader.GetString();
                continue;
            }

            if (pending is not null && reader.CurrentDepth == 1)
            {
                // Utf8JsonReader reports byte offsets; the reply is handled as UTF-16 text.
                var charOffset = Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.TokenStartIndex);
                // Last one wins on duplicate keys, as in JsonElement.TryGetProperty.
                offsets[pending] = textStart + charOffset;
                pending = null;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return offsets;
    }
}
