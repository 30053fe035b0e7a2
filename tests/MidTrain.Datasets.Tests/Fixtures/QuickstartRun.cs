using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Hashing;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Models;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Fixtures;

/// <summary>
/// Runs <c>examples/quickstart.yaml</c> in-process with scripted models in place of the tiny GGUF: the real corpus,
/// chunker, backtranslation generator, judge panel and run directory, with replies that depend only on the prompt
/// and seed (so runs are reproducible whatever the concurrency, and a resumed run equals an uninterrupted one).
/// Questions are unique per passage and question number (no near-duplicates across passages); judge scores spread
/// over 1–5, so the mean-of-two judge stage rejects some samples.
/// </summary>
internal static class QuickstartRun
{
    /// <summary>The quickstart pipeline, copied to <paramref name="dir"/> with its corpus and personas paths made absolute.</summary>
    public static PipelineConfig Config(string dir, string? extraYaml = null)
    {
        var examples = Path.Combine(TestPaths.RepoRoot, "examples");
        var yaml = File.ReadAllText(Path.Combine(examples, "quickstart.yaml"))
            .Replace("path: examples/corpus.jsonl", $"path: {Path.Combine(examples, "corpus.jsonl")}", StringComparison.Ordinal)
            .Replace("personas_file: personas.txt", $"personas_file: {Path.Combine(examples, "personas.txt")}", StringComparison.Ordinal);
        var path = Path.Combine(dir, "quickstart.yaml");
        File.WriteAllText(path, yaml + (extraYaml ?? string.Empty));
        return PipelineConfigLoader.Load(path);
    }

    /// <summary>Runs the quickstart into <paramref name="runDirectory"/> and returns the outcome.</summary>
    public static async Task<RunOutcome> RunAsync(PipelineConfig config, string runDirectory, bool resume = false, long? limit = null, Action<int>? onModelCall = null, CancellationToken drain = default)
    {
        var request = new RunRequest { Config = config, OutputDirectory = runDirectory, Resume = resume, Limit = limit };
        var runner = new PipelineRunner(request, modelFactory: (name, _) => Model(name, onModelCall));
        return await Deadline.Within(runner.RunAsync(drain), TimeSpan.FromMinutes(2), "quickstart run");
    }

    private static ScriptedChatClient Model(string name, Action<int>? onCall) =>
        new((messages, options, call) =>
        {
            onCall?.Invoke(call);
            var prompt = string.Join("\n", messages.Select(m => m.Text));
            var hash = ContentHash.Fnv1a64(prompt + "#" + options?.Seed);
            var schema = (options?.ResponseFormat as ChatResponseFormatJson)?.SchemaName ?? string.Empty;
            if (schema.StartsWith("backtranslation", StringComparison.Ordinal))
            {
                return JsonSerializer.Serialize(new { question = Question(hash) });
            }

            return JsonSerializer.Serialize(new { rationale = $"scripted {schema}", score = (int)(hash % 5) + 1 });
        }, name)
        {
            Identity = new MidTrain.Core.Models.ModelIdentity(name, "scripted-" + name, $"scripted:{name}", "openai"),
        };

    private static readonly string[] Words =
    [
        "tower", "reef", "granite", "keeper", "storm", "light", "river", "volcano", "summit", "train", "harbour", "bridge",
        "village", "market", "glacier", "forest", "island", "castle", "mill", "canal", "festival", "museum", "quarry", "valley",
        "built", "measured", "named", "moved", "flooded", "rebuilt", "visited", "painted", "opened", "closed", "crossed", "mapped",
    ];

    /// <summary>A question of six words drawn by the hash: different enough between samples that no two are near-duplicates.</summary>
    private static string Question(ulong hash)
    {
        var words = new string[6];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Words[(int)(hash % (ulong)Words.Length)];
            hash = (hash / (ulong)Words.Length) ^ (hash * 0x9e3779b97f4a7c15UL);
        }

        return $"Why was the {string.Join(' ', words)}?";
    }

    /// <summary>The lines of a JSONL file as JSON objects.</summary>
    public static List<JsonObject> Lines(string path) =>
        File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList() : [];
}
