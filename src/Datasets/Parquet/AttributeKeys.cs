using System.Text.Json;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// Collects the attribute keys of a run file (the fields of the <c>attributes</c> struct column) by reading only each
/// line's top-level <c>attributes</c> object with a forward-only reader: it stops at the end of that object, so the
/// rest of the line (verdicts, judgements, lineage) is not even tokenised.
/// </summary>
internal static class AttributeKeys
{
    public static void Collect(string path, ISet<string> keys)
    {
        using var reader = new RunFileReader(path);
        while (reader.TryRead(out var line))
        {
            try
            {
                CollectLine(line.Bytes.Span, keys);
            }
            catch (JsonException ex)
            {
                throw new DatasetException($"{path}:{line.Number}: not valid JSON ({ex.Message})", ex);
            }
        }
    }

    private static void CollectLine(ReadOnlySpan<byte> line, ISet<string> keys)
    {
        var json = new Utf8JsonReader(line);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var isAttributes = json.ValueTextEquals("attributes"u8);
            json.Read();
            if (!isAttributes)
            {
                json.Skip();
                continue;
            }

            if (json.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var key = json.GetString()!;
                keys.Add(key);
                json.Read();
                json.Skip();
            }

            return;
        }
    }
}
