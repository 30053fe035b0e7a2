using System.Text.Encodings.Web;
using System.Text.Json;

namespace MidTrain.Core.Jsonl;

/// <summary>The JSON settings every MidTrain file is written with: compact, UTF-8 text kept readable (no \u escapes for non-ASCII).</summary>
public static class JsonDefaults
{
    /// <summary>Shared, read-only serializer options. Thread-safe.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writer options matching <see cref="Options"/> for <see cref="Utf8JsonWriter"/>.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
}
