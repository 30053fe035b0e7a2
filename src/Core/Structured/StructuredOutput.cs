using System.Text.Json;
using MidTrain.Core.Reasoning;

namespace MidTrain.Core.Structured;

/// <summary>
/// Reads a model's structured output: finds the JSON object in the text (tolerating Markdown code fences and prose
/// around it), parses it and validates it against the prompt's schema. A leading reasoning trace in
/// <c>&lt;think&gt;…&lt;/think&gt;</c> tags is skipped, so braces in the trace are never taken for the answer (the
/// model layer normally removes traces already; this covers clients built without it). Thread-safe.
/// </summary>
public static class StructuredOutput
{
    /// <summary>Tries to read a JSON object matching <paramref name="schema"/> from <paramref name="text"/>.</summary>
    /// <param name="text">The raw model output.</param>
    /// <param name="schema">The JSON Schema (subset, see <see cref="JsonSchemaSubset"/>), or null for any object.</param>
    /// <param name="value">The parsed object (a clone, independent of any document).</param>
    /// <param name="error">Why it could not be read, for a correction message.</param>
    public static bool TryRead(string? text, JsonElement? schema, out JsonElement value, out string error)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the reply was empty";
            return false;
        }

        var candidate = ExtractObject(text);
        if (candidate is null)
        {
            error = ReasoningTags.Think.Split(text, ReasoningStart.Tag).Status == ReasoningTraceStatus.Unterminated
                ? "the reply holds only an unterminated reasoning trace, no answer after it"
                : "the reply contains no JSON object";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(candidate, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the reply is not a JSON object";
                return false;
            }

            if (schema is { } s && JsonSchemaSubset.Validate(document.RootElement, s) is { } violation)
            {
                error = $"the JSON does not match the schema: {violation}";
                return false;
            }

            value = document.RootElement.Clone();
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"the reply is not valid JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// The first outermost balanced <c>{…}</c> of <paramref name="text"/> (strings and escapes respected) after any
    /// leading <c>&lt;think&gt;</c> trace, or null (also when the trace is never closed).
    /// </summary>
    public static string? ExtractObject(string text) => ExtractObject(text, out _);

    /// <summary>As <see cref="ExtractObject(string)"/>, with the object's start offset in <paramref name="text"/> (-1 when none).</summary>
    public static string? ExtractObject(string text, out int objectStart)
    {
        ArgumentNullException.ThrowIfNull(text);
        objectStart = -1;
        var split = ReasoningTags.Think.Split(text, ReasoningStart.Tag);
        var from = split.Status switch
        {
            ReasoningTraceStatus.None => 0,
            ReasoningTraceStatus.Closed => split.AnswerStart,
            _ => text.Length,
        };
        var start = from < text.Length ? text.IndexOf('{', from) : -1;
        while (start >= 0)
        {
            var depth = 0;
            var inString = false;
            for (var i = start; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                if (c == '"')
                {
                    inString = true;
                }
                else if (c == '{')
                {
                    depth++;
                }
                else if (c == '}' && --depth == 0)
                {
                    objectStart = start;
                    return text[start..(i + 1)];
                }
            }

            start = text.IndexOf('{', start + 1);
        }

        return null;
    }

    /// <summary>The correction message sent back to the model after an unreadable reply.</summary>
    public static string CorrectionMessage(string error) =>
        $"Your previous reply could not be used: {error}. Reply again with only a JSON object that matches the requested schema.";
}
