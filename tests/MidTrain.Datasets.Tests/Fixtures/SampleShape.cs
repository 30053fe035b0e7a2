using System.Globalization;
using System.Text.Json.Nodes;

namespace MidTrain.Datasets.Tests.Fixtures;

/// <summary>
/// One canonical form for a sample read from a JSONL line and for the same sample read back from Parquet, so a test
/// can compare them field by field: free-form JSON (verdict details, distributions, sampling, fields, evidence) is
/// compared as JSON whether it came as an object or as the JSON text column the export writes; numbers as doubles;
/// 64-bit integers as decimal strings; absent attributes (null in the struct column) dropped.
/// </summary>
internal static class SampleShape
{
    // Re-parsed first, so values set in code (ints, longs) read like values parsed from a file.
    public static string FromJsonl(JsonObject line) => Canonical(JsonNode.Parse(line.ToJsonString())!.AsObject()).ToJsonString();

    public static string FromParquet(JsonObject row) => Canonical(JsonNode.Parse(row.ToJsonString())!.AsObject()).ToJsonString();

    private static JsonObject Canonical(JsonObject sample)
    {
        var result = new JsonObject
        {
            ["id"] = Text(sample["id"]),
            ["messages"] = List(sample["messages"], m => new JsonObject { ["role"] = Text(m?["role"]), ["content"] = Text(m?["content"]), ["reasoning_content"] = Text(m?["reasoning_content"]) }),
            ["source"] = sample["source"] is JsonObject source ? new JsonObject
            {
                ["doc_id"] = Text(source["doc_id"]),
                ["passage"] = Number(source["passage"]),
                ["start"] = Number(source["start"]),
                ["end"] = Number(source["end"]),
                ["text"] = Text(source["text"]),
            } : null,
            ["attributes"] = Attributes(sample["attributes"]),
            ["verdicts"] = List(sample["verdicts"], v => new JsonObject
            {
                ["name"] = Text(v?["name"]),
                ["version"] = Text(v?["version"]),
                ["outcome"] = Text(v?["outcome"]),
                ["score"] = Number(v?["score"]),
                ["reason"] = Text(v?["reason"]),
                ["details"] = Json(v?["details"]),
                ["duration_ms"] = Number(v?["duration_ms"]),
            }),
            ["judgements"] = List(sample["judgements"], j => new JsonObject
            {
                ["judge"] = Text(j?["judge"]),
                ["criterion"] = Text(j?["criterion"]),
                ["score"] = Number(j?["score"]),
                ["valid"] = j?["valid"]?.GetValue<bool>() ?? true,
                ["rationale"] = Text(j?["rationale"]),
                ["raw"] = Text(j?["raw"]),
                ["distribution"] = Json(j?["distribution"]),
                ["expected_score"] = Number(j?["expected_score"]),
                ["entropy"] = Number(j?["entropy"]),
            }),
            ["lineage"] = List(sample["lineage"], l => new JsonObject
            {
                ["stage"] = Text(l?["stage"]),
                ["component"] = Text(l?["component"]),
                ["parameters"] = Json(l?["parameters"]),
                ["model"] = Text(l?["model"]),
                ["model_fingerprint"] = Text(l?["model_fingerprint"]),
                ["prompt"] = Text(l?["prompt"]),
                ["prompt_sha256"] = Text(l?["prompt_sha256"]),
                ["sampling"] = Json(l?["sampling"]),
                ["seed"] = Integer(l?["seed"]),
                ["tokens_in"] = Integer(l?["tokens_in"]),
                ["tokens_out"] = Integer(l?["tokens_out"]),
                ["reasoning_tokens"] = Integer(l?["reasoning_tokens"]),
                ["duration_ms"] = Number(l?["duration_ms"]),
            }),
            ["fields"] = Json(sample["fields"]),
        };
        if (sample["rejection"] is JsonObject rejection)
        {
            result["rejection"] = new JsonObject
            {
                ["stage"] = Text(rejection["stage"]),
                ["reason"] = Text(rejection["reason"]),
                ["by"] = Text(rejection["by"]),
                ["evidence"] = Json(rejection["evidence"]),
            };
        }

        return result;
    }

    private static JsonArray List(JsonNode? node, Func<JsonNode?, JsonNode> item) =>
        new((node as JsonArray ?? []).Select(item).ToArray());

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    /// <summary>An integer as a decimal string (JavaScript readers hand large 64-bit values over as strings).</summary>
    private static string? Integer(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<double>(out var d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => null,
    };

    /// <summary>Free-form JSON: an object/array/number as is, or JSON text parsed; re-serialised compactly.</summary>
    private static string? Json(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => JsonNode.Parse(text)?.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private static JsonObject? Attributes(JsonNode? node)
    {
        if (node is not JsonObject attributes)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in attributes.Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            result[key] = Text(value);
        }

        return result;
    }
}
