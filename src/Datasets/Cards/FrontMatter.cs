using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MidTrain.Core.Jsonl;

namespace MidTrain.Datasets.Cards;

/// <summary>
/// Writes the YAML front matter of a dataset card from mappings (<see cref="List{T}"/> of key/value pairs, so key
/// order is kept), lists, strings, numbers and booleans, in block style as Hugging Face cards are written. A string is
/// left plain only when no YAML 1.1 or 1.2 reader could take it for anything else (a number, boolean, null, date or
/// syntax); otherwise it is double-quoted with JSON escapes, which YAML reads identically.
/// </summary>
internal static partial class FrontMatter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    public static string Write(IReadOnlyList<KeyValuePair<string, object?>> root)
    {
        var text = new StringBuilder("---\n");
        WriteMapping(text, root, 0);
        text.Append("---\n");
        return text.ToString();
    }

    private static void WriteMapping(StringBuilder text, IReadOnlyList<KeyValuePair<string, object?>> mapping, int indent)
    {
        foreach (var (key, value) in mapping)
        {
            text.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case IReadOnlyList<KeyValuePair<string, object?>> mapping:
                text.Append('\n');
                WriteMapping(text, mapping, indent + 2);
                break;
            case System.Collections.IEnumerable list when value is not string:
                var items = list.Cast<object?>().ToList();
                if (items.Count == 0)
                {
                    text.Append(" []\n");
                    break;
                }

                text.Append('\n');
                foreach (var item in items)
                {
                    text.Append(' ', indent).Append("- ");
                    if (item is IReadOnlyList<KeyValuePair<string, object?>> itemMapping)
                    {
                        // The first key follows the dash; the others align under it.
                        var first = true;
                        foreach (var (key, child) in itemMapping)
                        {
                            if (!first)
                            {
                                text.Append(' ', indent + 2);
                            }

                            first = false;
                            text.Append(Scalar(key)).Append(':');
                            WriteValue(text, child, indent + 2);
                        }
                    }
                    else
                    {
                        text.Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "null",
        string s => Plain().IsMatch(s) && !Reserved.Contains(s) && !NumberLike().IsMatch(s) ? s : JsonSerializer.Serialize(s, JsonDefaults.Options),
        _ => JsonSerializer.Serialize(Convert.ToString(value, CultureInfo.InvariantCulture), JsonDefaults.Options),
    };

    // Letters first, then letters, digits and a few inner punctuation marks; no ': ', ' #', leading/trailing blanks.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-/<>+]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    [GeneratedRegex(@"^[-+.0-9]|^\.(inf|nan)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NumberLike();
}
