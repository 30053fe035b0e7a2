using System.Globalization;
using System.Text.Json;

namespace MidTrain.Verifiers.Citation.Quotes;

/// <summary>Reads a JSON list of quotes (<c>fields.quotes</c>). Stateless.</summary>
public static class QuoteList
{
    /// <summary>
    /// Parses <paramref name="value"/>: an array of strings, or of objects with <c>text</c> (or <c>quote</c>) and an
    /// optional <c>source_id</c> (string or integer). Returns null with <paramref name="error"/> set when malformed.
    /// </summary>
    public static IReadOnlyList<Quote>? Parse(JsonElement value, out string? error)
    {
        error = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = "must be an array";
            return null;
        }

        var quotes = new List<Quote>();
        var k = 0;
        foreach (var item in value.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    quotes.Add(new Quote(item.GetString()!, null));
                    break;
                case JsonValueKind.Object when (item.TryGetProperty("text", out var text) || item.TryGetProperty("quote", out text)) && text.ValueKind == JsonValueKind.String:
                    var id = !item.TryGetProperty("source_id", out var source) ? null
                        : source.ValueKind == JsonValueKind.String ? source.GetString()
                        : source.ValueKind == JsonValueKind.Number && source.TryGetInt64(out var number) ? number.ToString(CultureInfo.InvariantCulture)
                        : null;
                    quotes.Add(new Quote(text.GetString()!, id));
                    break;
                default:
                    error = $"item {k} must be a string or an object with a string 'text'";
                    return null;
            }

            k++;
        }

        return quotes;
    }
}
