using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Fixtures;

/// <summary>Writes a run directory by hand (manifest + the three output files), for shapes a real run rarely makes.</summary>
internal sealed class RunDirectoryBuilder
{
    private readonly List<JsonObject> _accepted = [];
    private readonly List<JsonObject> _rejected = [];
    private readonly List<JsonObject> _failed = [];

    public string Status { get; set; } = "completed";

    public JsonArray Stages { get; set; } = [new JsonObject { ["generate"] = "teacher", ["model"] = "t" }, new JsonObject { ["judge"] = new JsonArray("helpful"), ["model"] = "j" }];

    public RunDirectoryBuilder Accept(JsonObject sample)
    {
        _accepted.Add(sample);
        return this;
    }

    public RunDirectoryBuilder Reject(JsonObject sample, string stage, string by, string reason = "below the threshold")
    {
        sample["rejection"] = new JsonObject { ["stage"] = stage, ["reason"] = reason, ["by"] = by, ["evidence"] = new JsonObject { ["score"] = 1 } };
        _rejected.Add(sample);
        return this;
    }

    public RunDirectoryBuilder Fail(string root, string stage, string kind, JsonObject? record = null)
    {
        _failed.Add(new JsonObject { ["root"] = root, ["stage"] = stage, ["kind"] = kind, ["message"] = "m", ["record"] = record });
        return this;
    }

    /// <summary>A sample with a user question and an assistant answer, judged on <paramref name="scores"/> (criterion → score).</summary>
    public static JsonObject Sample(string id, string question, string answer, string docId = "d1", int passage = 0, IReadOnlyDictionary<string, double?>? scores = null, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var judgements = new JsonArray();
        foreach (var (criterion, score) in scores ?? new Dictionary<string, double?>())
        {
            judgements.Add(new JsonObject { ["judge"] = "j", ["criterion"] = criterion, ["score"] = score, ["valid"] = score is not null, ["rationale"] = "because" });
        }

        var attributeNode = new JsonObject();
        foreach (var (key, value) in attributes ?? new Dictionary<string, string> { ["language"] = "en" })
        {
            attributeNode[key] = value;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["source"] = new JsonObject { ["doc_id"] = docId, ["passage"] = passage, ["start"] = 0, ["end"] = 10, ["text"] = "passage " + docId },
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = question },
                new JsonObject { ["role"] = "assistant", ["content"] = answer }),
            ["attributes"] = attributeNode,
            ["verdicts"] = new JsonArray(),
            ["judgements"] = judgements,
            ["lineage"] = new JsonArray(new JsonObject { ["stage"] = "generate:teacher", ["model"] = "m", ["model_fingerprint"] = "fp", ["prompt"] = "teacher_grounded_qa", ["prompt_sha256"] = "abc", ["seed"] = 7, ["duration_ms"] = 1.5 }),
        };
    }

    /// <summary>Writes the directory; <paramref name="edit"/> may change the manifest.</summary>
    public string Write(string directory, Action<JsonObject>? edit = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, "accepted.jsonl"), _accepted.Select(l => l.ToJsonString()));
        File.WriteAllLines(Path.Combine(directory, "rejected.jsonl"), _rejected.Select(l => l.ToJsonString()));
        File.WriteAllLines(Path.Combine(directory, "failed.jsonl"), _failed.Select(l => l.ToJsonString()));
        var records = _accepted.Concat(_rejected).Select(l => l["source"]?["doc_id"]?.GetValue<string>()).Concat(_failed.Select(f => f["root"]!.GetValue<string>())).Distinct().Count();
        var manifest = new JsonObject
        {
            ["name"] = "handmade",
            ["status"] = Status,
            ["started_at"] = "2026-11-29T10:00:00.0000000+00:00",
            ["finished_at"] = "2026-11-29T11:00:00.0000000+00:00",
            ["versions"] = new JsonObject { ["midtrain"] = "0.1.0" },
            ["config_file"] = "handmade.yaml",
            ["config_sha256"] = "0123456789abcdef",
            ["config"] = new JsonObject { ["name"] = "handmade", ["input"] = new JsonObject { ["path"] = "corpus.jsonl" }, ["stages"] = Stages.DeepClone() },
            ["seed"] = 3,
            ["limit"] = null,
            ["counts"] = new JsonObject
            {
                ["records_read"] = records,
                ["records_done"] = records,
                ["accepted"] = _accepted.Count,
                ["rejected"] = _rejected.Count,
                ["failed"] = _failed.Count,
            },
            ["stages"] = new JsonArray(),
            ["models"] = new JsonObject(),
            ["prompts"] = new JsonObject(),
        };
        edit?.Invoke(manifest);
        File.WriteAllText(Path.Combine(directory, "manifest.json"), manifest.ToJsonString());
        return directory;
    }

    public static string NewDirectory() => Path.Combine(TestPaths.NewTempDir("midtrain-handmade"), "run");
}
