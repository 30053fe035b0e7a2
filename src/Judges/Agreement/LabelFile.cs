using System.Text;
using System.Text.Json;
using MidTrain.Core.Jsonl;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// Reads judge labels in the format of DESIGN §4: one JSON object per line, <c>{"item": ..., "rater": ...,
/// "label": ...}</c>. <c>item</c> and <c>rater</c> are strings (numbers are taken by their text); <c>label</c> is a
/// number, a string, a boolean (taken as the category <c>true</c>/<c>false</c>) or <c>null</c> (a missing label,
/// counted but not used). Other fields are ignored. A bad line (invalid JSON, a missing field, a second label by the
/// same rater for the same item) is reported as <c>file:line: reason</c>, counted and skipped: it never stops the
/// read. Memory grows with the labels kept, not with the file. Stateless and thread-safe.
/// </summary>
public static class LabelFile
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">The labels JSONL file.</param>
    /// <param name="maxReportedLines">Bad-line messages kept (all are counted).</param>
    public static LabelFileContents Read(string path, int maxReportedLines = 1000)
    {
        using var reader = JsonlLineReader.Open(path);
        return Read(reader, path, maxReportedLines);
    }

    /// <summary>Reads labels from <paramref name="stream"/>; <paramref name="displayName"/> names it in messages.</summary>
    public static LabelFileContents Read(Stream stream, string displayName, int maxReportedLines = 1000)
    {
        using var reader = new JsonlLineReader(stream, ownsStream: false);
        return Read(reader, displayName, maxReportedLines);
    }

    private static LabelFileContents Read(JsonlLineReader reader, string displayName, int maxReportedLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxReportedLines);
        var builder = new LabelMatrixBuilder();
        var badLines = new List<string>();
        long badCount = 0;
        long missing = 0;
        long lines = 0;
        while (reader.TryRead(out var line))
        {
            lines++;
            string? item = null, rater = null;
            ParsedLabel label = default;
            var error = line.Error ?? Parse(line.Bytes.Span, out item, out rater, out label);
            if (error is null)
            {
                var added = label.Kind switch
                {
                    LabelKind.Missing => true,
                    LabelKind.Number => builder.Add(item!, rater!, label.Number),
                    _ => builder.Add(item!, rater!, label.Text!),
                };
                if (label.Kind == LabelKind.Missing)
                {
                    missing++;
                }
                else if (!added)
                {
                    error = $"duplicate label for item '{item}' by rater '{rater}'; the first one is kept";
                }
            }

            if (error is not null)
            {
                badCount++;
                if (badLines.Count < maxReportedLines)
                {
                    badLines.Add($"{displayName}:{line.Number}: {error}");
                }
            }
        }

        return new LabelFileContents(builder.Build(), lines, badCount, badLines, missing);
    }

    private enum LabelKind
    {
        Missing,
        Number,
        Text,
    }

    private readonly record struct ParsedLabel(LabelKind Kind, double Number, string? Text);

    private static string? Parse(ReadOnlySpan<byte> json, out string? item, out string? rater, out ParsedLabel label)
    {
        item = null;
        rater = null;
        label = default;
        var hasLabel = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("item"u8))
                {
                    reader.Read();
                    item = ReadId(ref reader);
                    if (item is null)
                    {
                        return "'item' must be a non-empty string or a number";
                    }
                }
                else if (reader.ValueTextEquals("rater"u8))
                {
                    reader.Read();
                    rater = ReadId(ref reader);
                    if (rater is null)
                    {
                        return "'rater' must be a non-empty string or a number";
                    }
                }
                else if (reader.ValueTextEquals("label"u8))
                {
                    reader.Read();
                    hasLabel = true;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.Null:
                            label = new ParsedLabel(LabelKind.Missing, 0, null);
                            break;
                        case JsonTokenType.Number:
                            if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                            {
                                return "'label' is a number out of range";
                            }

                            label = new ParsedLabel(LabelKind.Number, number, null);
                            break;
                        case JsonTokenType.String:
                            label = new ParsedLabel(LabelKind.Text, 0, reader.GetString());
                            break;
                        case JsonTokenType.True:
                            label = new ParsedLabel(LabelKind.Text, 0, "true");
                            break;
                        case JsonTokenType.False:
                            label = new ParsedLabel(LabelKind.Text, 0, "false");
                            break;
                        default:
                            return "'label' must be a number, a string or null";
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return "not a JSON object";
            }

            if (reader.Read())
            {
                return "unexpected content after the JSON object";
            }
        }
        catch (JsonException ex)
        {
            // The parser's own position suffix counts lines inside the JSON text (always 0 here): give the byte instead.
            var message = ex.Message;
            var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return $"invalid JSON at byte {ex.BytePositionInLine ?? 0}: {(suffix > 0 ? message[..suffix] : message)}";
        }

        if (item is null)
        {
            return "missing field 'item'";
        }

        if (rater is null)
        {
            return "missing field 'rater'";
        }

        return hasLabel ? null : "missing field 'label' (write \"label\": null for a missing label)";
    }

    private static string? ReadId(ref Utf8JsonReader reader)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
