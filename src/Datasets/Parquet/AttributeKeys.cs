using System.Text.Json;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// Collects the attribute keys of a run file (the fields of the <c>attributes</c> struct column) reading as little of
/// each line as it can. MidTrain writes a sample's keys in a fixed order (<c>id</c>, <c>source</c>, <c>messages</c>,
/// <c>attributes</c>, …) and <c>source</c> and <c>messages</c> hold no key named <c>attributes</c> (a quote inside a
/// string is escaped, so the bytes <c>"attributes":</c> cannot occur in text), so the first occurrence of those bytes
/// is the top-level key: a vectorised search finds it and only that object is tokenised. A line where that does not
/// give an object (another writer's order) is read from the start with a forward-only reader instead.
/// </summary>
internal static class AttributeKeys
{
    public static void Collect(string path, ISet<string> keys)
    {
        var known = new KnownKeys(keys);
        using var reader = new RunFileReader(path);
        while (reader.TryRead(out var line))
        {
            try
            {
                CollectLine(line.Bytes.Span, known);
            }
            catch (JsonException ex)
            {
                throw new DatasetException($"{path}:{line.Number}: not valid JSON ({ex.Message})", ex);
            }
        }
    }

    private static void CollectLine(ReadOnlySpan<byte> line, KnownKeys keys)
    {
        var at = line.IndexOf("\"attributes\":"u8);
        if (at > 0 && TryCollectObject(line[(at + 13)..], keys))
        {
            return;
        }

        CollectFromStart(line, keys);
    }

    private static bool TryCollectObject(ReadOnlySpan<byte> rest, KnownKeys keys)
    {
        var json = new Utf8JsonReader(rest);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        AddKeys(ref json, keys);

        return json.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>Adds the keys of the object whose start <paramref name="json"/> is on, leaving it on the object's end.</summary>
    private static void AddKeys(ref Utf8JsonReader json, KnownKeys keys)
    {
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            AddKey(ref json, keys);
            json.Read();
            json.Skip();
        }
    }

    private static void AddKey(ref Utf8JsonReader json, KnownKeys keys)
    {
        // Most lines repeat known keys: compare their UTF-8 bytes before allocating a string.
        if (!json.ValueIsEscaped)
        {
            foreach (var known in keys.Utf8)
            {
                if (json.ValueSpan.SequenceEqual(known))
                {
                    return;
                }
            }
        }

        keys.Add(json.GetString()!);
    }

    /// <summary>The keys found so far, also as UTF-8 for comparisons that do not transcode.</summary>
    private sealed class KnownKeys(ISet<string> keys)
    {
        public List<byte[]> Utf8 { get; } = keys.Select(k => System.Text.Encoding.UTF8.GetBytes(k)).ToList();

        public void Add(string key)
        {
            if (keys.Add(key))
            {
                Utf8.Add(System.Text.Encoding.UTF8.GetBytes(key));
            }
        }
    }

    private static void CollectFromStart(ReadOnlySpan<byte> line, KnownKeys keys)
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

            AddKeys(ref json, keys);

            return;
        }
    }
}
