using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MidTrain.Orchestrator.LineFiles;

/// <summary>
/// One line of an input JSONL file as <see cref="OrderedLineMap"/> hands it over: where it stands, and either a copy of
/// its bytes or the reader's error (a line too long, bad UTF-8).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Number">The 1-based line number.</param>
/// <param name="Error">The reader's error, or null.</param>
/// <param name="Bytes">The line's bytes when it was read, else null.</param>
internal readonly record struct InputLine(string Path, long Number, string? Error, byte[]? Bytes)
{
    /// <summary>
    /// The line as a JSON object, or null with <paramref name="problem"/> (<c>file:line: …</c>) and
    /// <paramref name="shown"/>, the object to report it in (the raw text under <c>raw</c> when there is one).
    /// </summary>
    public JsonObject? TryParseObject(out string problem, out JsonObject shown)
    {
        shown = new JsonObject();
        if (Error is not null || Bytes is null)
        {
            problem = $"{Path}:{Number}: {Error}";
            return null;
        }

        try
        {
            if (JsonNode.Parse(Bytes) is JsonObject line)
            {
                problem = string.Empty;
                return line;
            }

            problem = $"{Path}:{Number}: the line is not a JSON object";
        }
        catch (JsonException ex)
        {
            problem = $"{Path}:{Number}: invalid JSON: {ex.Message}";
        }

        shown = new JsonObject { ["raw"] = Encoding.UTF8.GetString(Bytes) };
        return null;
    }
}
