using System.Globalization;
using System.Text.Json.Nodes;

namespace MidTrain.Datasets.Cards;

/// <summary>
/// A tolerant reading of a run's or merge's <c>manifest.json</c>: what the dataset card and the exporter use of it. A
/// missing or mistyped field reads as null (older manifests, hand-made test manifests), never throws.
/// </summary>
public sealed class RunManifestView
{
    private static readonly string[] StageKinds = ["chunk", "filter", "assemble", "generate", "verify", "judge", "generic"];
    private static readonly string[] ModelKeys = ["model", "models", "answer_model", "tokenizer"];

    /// <summary>Reads <paramref name="manifest"/>.</summary>
    public RunManifestView(JsonObject manifest)
    {
        Json = manifest;
        Config = manifest["config"] as JsonObject ?? [];
        Stages = ReadStages(manifest, Config);
    }

    /// <summary>The manifest.</summary>
    public JsonObject Json { get; }

    /// <summary>The pipeline configuration as JSON (empty when absent).</summary>
    public JsonObject Config { get; }

    /// <summary>The pipeline's stages.</summary>
    public IReadOnlyList<StageDescription> Stages { get; }

    /// <summary>The pipeline name.</summary>
    public string Name => Text(Json["name"]) ?? "dataset";

    /// <summary><c>completed</c>, <c>partial</c> (a merge with missing shards), <c>interrupted</c>, <c>running</c>…</summary>
    public string? Status => Text(Json["status"]);

    /// <summary>The pipeline file the run was made from.</summary>
    public string? ConfigFile => Text(Json["config_file"]);

    /// <summary>SHA-256 of the pipeline file.</summary>
    public string? ConfigSha256 => Text(Json["config_sha256"]);

    /// <summary>The run seed.</summary>
    public long? Seed => Long(Json["seed"]);

    /// <summary>The <c>--limit</c>, or null.</summary>
    public long? Limit => Long(Json["limit"]);

    /// <summary>The shard (<c>index/count</c>) of a shard run, or null.</summary>
    public (int Index, int Count)? Shard => Json["shard"] is JsonObject shard && Long(shard["index"]) is { } i && Long(shard["count"]) is { } n ? ((int)i, (int)n) : null;

    /// <summary>Whether this is a merge of shard runs (<c>midtrain merge</c>).</summary>
    public bool IsMerge => Json["shards"] is JsonObject;

    /// <summary>The MidTrain version that wrote the manifest.</summary>
    public string? Version => Text(Json["versions"]?["midtrain"]);

    /// <summary>The one timestamp a card shows: when the run finished (or the merge was made).</summary>
    public string? FinishedAt => Text(Json["finished_at"]) ?? Text(Json["merged_at"]);

    /// <summary>A count under <c>counts</c> (<c>accepted</c>, <c>rejected</c>, <c>failed</c>, <c>records_done</c>…), or null.</summary>
    public long? Count(string key) => Long(Json["counts"]?[key]);

    /// <summary><c>card.license</c> of the pipeline file, or null.</summary>
    public string? License => Text(Config["card"]?["license"]);

    /// <summary><c>card.description</c> of the pipeline file, or null.</summary>
    public string? Description => Text(Config["card"]?["description"]);

    /// <summary>The models by name: model id and fingerprint.</summary>
    public IReadOnlyList<(string Name, string? Model, string? Fingerprint)> Models =>
        (Json["models"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, Text(kv.Value?["model"]), Text(kv.Value?["fingerprint"]))).ToArray();

    /// <summary>Usage and cost of each model that made calls, by name (across every session of the run).</summary>
    public IReadOnlyList<UsageRow> ModelUsage =>
        (Json["models"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => UsageRow.Of(kv.Key, kv.Value as JsonObject)).Where(r => r.Requests is > 0).ToArray();

    /// <summary>Usage and cost by stage (the manifest's <c>usage.stages</c>).</summary>
    public IReadOnlyList<UsageRow> StageUsage =>
        (Json["usage"]?["stages"] as JsonObject ?? []).Select(kv => UsageRow.Of(kv.Key, kv.Value as JsonObject)).Where(r => r.Requests is > 0).ToArray();

    /// <summary>Usage and cost over every model (the manifest's <c>usage</c>), or null when no model made calls.</summary>
    public UsageRow? TotalUsage => UsageRow.Of("total", Json["usage"] as JsonObject) is { Requests: > 0 } total ? total : null;

    /// <summary>The prompts by id: sha256 and source (older manifests hold the sha256 as the value).</summary>
    public IReadOnlyList<(string Id, string? Sha256, string? Source)> Prompts =>
        (Json["prompts"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Value is JsonObject p ? (kv.Key, Text(p["sha256"]), Text(p["source"])) : (kv.Key, Text(kv.Value), (string?)null)).ToArray();

    /// <summary>The input files (paths).</summary>
    public IReadOnlyList<string> InputFiles =>
        (Json["input_files"] as JsonArray ?? []).Select(f => Text(f?["path"])).OfType<string>().ToArray();

    /// <summary>The input path of the pipeline file (<c>input.path</c>).</summary>
    public string? InputPath => Text(Config["input"]?["path"]);

    /// <summary>A number however the node holds it, or null.</summary>
    internal static double? Double(JsonNode? node) =>
        node is JsonValue value && double.TryParse(value.TryGetValue<string>(out var s) ? s : value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    internal static string? Text(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s : value.ToJsonString()
        : null;

    /// <summary>An integer however the node holds it (parsed JSON, or a long/int/double set in code), or null.</summary>
    internal static long? Long(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        var text = value.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d
            : null;
    }

    private static IReadOnlyList<StageDescription> ReadStages(JsonObject manifest, JsonObject config)
    {
        var configured = config["stages"] as JsonArray ?? [];
        var recorded = manifest["stages"] as JsonArray ?? [];
        var count = Math.Max(configured.Count, recorded.Count);
        var stages = new List<StageDescription>(count);
        for (var i = 0; i < count; i++)
        {
            var spec = i < configured.Count ? configured[i] as JsonObject ?? [] : [];
            var name = Text(recorded.ElementAtOrDefault(i)?["name"]);
            var kind = spec.Select(kv => kv.Key).FirstOrDefault(StageKinds.Contains)
                ?? (name is null ? null : StageKinds.FirstOrDefault(k => name == k || name.StartsWith(k + ":", StringComparison.Ordinal)))
                ?? "generic";
            var value = spec[kind];
            var options = new JsonObject();
            foreach (var (key, node) in spec.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (key != kind)
                {
                    options[key] = node?.DeepClone();
                }
            }

            if (value is JsonObject inline)
            {
                foreach (var (key, node) in inline.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    options[key] = node?.DeepClone();
                }
            }

            var models = new List<string>();
            foreach (var key in ModelKeys)
            {
                switch (options[key])
                {
                    case JsonValue single when single.TryGetValue<string>(out var modelName):
                        models.Add(modelName);
                        break;
                    case JsonArray many:
                        models.AddRange(many.Select(Text).OfType<string>());
                        break;
                }
            }

            var valueText = value is JsonValue v && v.TryGetValue<string>(out var t) ? t : value is JsonArray a ? string.Join('+', a.Select(Text)) : null;
            name ??= Text(options["name"]) ?? (valueText is null ? kind : $"{kind}:{valueText}");
            var verifier = Text(recorded.ElementAtOrDefault(i)?["report"]?["verifier"]);
            stages.Add(new StageDescription(i, name, kind, value?.DeepClone(), options, models.Distinct(StringComparer.Ordinal).ToArray(), verifier));
        }

        return stages;
    }
}
