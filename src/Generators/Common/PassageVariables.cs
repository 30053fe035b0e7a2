using System.Text.Json;
using MidTrain.Core.Records;

namespace MidTrain.Generators.Common;

/// <summary>Prompt variables derived from a passage and language codes. Thread-safe.</summary>
public static class PassageVariables
{
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English", ["fr"] = "French", ["es"] = "Spanish", ["de"] = "German", ["it"] = "Italian", ["pt"] = "Portuguese",
        ["nl"] = "Dutch", ["sv"] = "Swedish", ["da"] = "Danish", ["no"] = "Norwegian", ["fi"] = "Finnish", ["pl"] = "Polish",
        ["cs"] = "Czech", ["ro"] = "Romanian", ["hu"] = "Hungarian", ["el"] = "Greek", ["tr"] = "Turkish", ["ru"] = "Russian",
        ["uk"] = "Ukrainian", ["ar"] = "Arabic", ["he"] = "Hebrew", ["fa"] = "Persian", ["hi"] = "Hindi", ["bn"] = "Bengali",
        ["zh"] = "Chinese", ["ja"] = "Japanese", ["ko"] = "Korean", ["vi"] = "Vietnamese", ["th"] = "Thai", ["id"] = "Indonesian",
        ["sw"] = "Swahili", ["ca"] = "Catalan", ["eu"] = "Basque",
    };

    /// <summary>The language of a passage from its document metadata (<c>language</c> or <c>lang</c>), or null.</summary>
    public static string? LanguageOf(Passage passage) => LanguageOf(passage.Metadata);

    /// <summary>The language a document's metadata names (<c>language</c> or <c>lang</c>, a non-blank string), or null.</summary>
    internal static string? LanguageOf(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        foreach (var key in new[] { "language", "lang" })
        {
            if (metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                return value.GetString();
            }
        }

        return null;
    }

    /// <summary>The English name of an ISO 639-1 code (the code itself when unknown).</summary>
    public static string LanguageName(string code) => LanguageNames.TryGetValue(code, out var name) ? name : code;
}
