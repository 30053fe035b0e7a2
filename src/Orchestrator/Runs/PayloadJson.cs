using System.Text.Json;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// How pipeline payloads are written as JSON lines, and how the input record a line belongs to (its root key) is read
/// back on resume. Documents: <c>{id, text, metadata}</c>; passages: <c>{doc_id, index, start, end, text, metadata}</c>;
/// long contexts: <c>{id, grouping, partition, chars, tokens, documents, text}</c> (root = <c>id</c>, the context's
/// group record); samples: the sample format of docs/format.md (root = <c>source.doc_id</c>); failures carry
/// <c>root</c> explicitly.
/// Thread-safe.
/// </summary>
public static class PayloadJson
{
    /// <summary>Writes the properties of <paramref name="payload"/> into the object open on <paramref name="writer"/>.</summary>
    public static void WriteProperties(Utf8JsonWriter writer, object payload)
    {
        switch (payload)
        {
            case Document document:
                writer.WriteString("id", document.Id);
                writer.WriteString("text", document.Text);
                WriteMetadata(writer, document.Metadata);
                break;
            case Passage passage:
                writer.WriteString("doc_id", passage.DocumentId);
                writer.WriteNumber("index", passage.Index);
                writer.WriteNumber("start", passage.Start);
                writer.WriteNumber("end", passage.End);
                writer.WriteString("text", passage.Text);
                WriteMetadata(writer, passage.Metadata);
                break;
            case LongContext context:
                writer.WriteString("id", context.Id);
                if (context.Grouping is not null)
                {
                    writer.WriteString("grouping", context.Grouping);
                }

                if (context.Partition is not null)
                {
                    writer.WriteString("partition", context.Partition);
                }

                writer.WriteNumber("chars", context.Text.Length);
                if (context.Tokens is { } tokens)
                {
                    writer.WriteNumber("tokens", tokens);
                }

                writer.WritePropertyName("documents");
                JsonSerializer.Serialize(writer, context.Documents, JsonDefaults.Options);
                writer.WriteString("text", context.Text);
                break;
            default:
                using (var element = JsonSerializer.SerializeToDocument(payload, payload.GetType(), JsonDefaults.Options))
                {
                    if (element.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in element.RootElement.EnumerateObject())
                        {
                            property.WriteTo(writer);
                        }
                    }
                    else
                    {
                        writer.WritePropertyName("value");
                        element.RootElement.WriteTo(writer);
                    }
                }

                break;
        }
    }

    /// <summary>Writes <paramref name="payload"/> as a whole JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, object payload)
    {
        if (payload is Sample sample)
        {
            JsonSerializer.Serialize(writer, sample, JsonDefaults.Options);
            return;
        }

        writer.WriteStartObject();
        WriteProperties(writer, payload);
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("metadata");
        foreach (var (key, value) in metadata)
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The root key of an output line: <c>root</c> (failures), else <c>source.doc_id</c> (samples), else <c>doc_id</c>
    /// (passages), else <c>id</c> (documents). Null when the line is not a JSON object with any of them (a torn line).
    /// </summary>
    public static string? RootKeyOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? root = null, sourceDocId = null, docId = null, id = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("root"u8))
                {
                    reader.Read();
                    root = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var depth = reader.CurrentDepth;
                        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
                        {
                            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("doc_id"u8))
                            {
                                reader.Read();
                                sourceDocId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                            }
                            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                            {
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("doc_id"u8))
                {
                    reader.Read();
                    docId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return root ?? sourceDocId ?? docId ?? id;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
