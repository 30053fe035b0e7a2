using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Runs;

/// <summary>Builds <c>manifest.json</c>: configuration, versions, input files, counts, per-stage figures.</summary>
internal static class RunManifest
{
    public static string MidTrainVersion { get; } =
        typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static JsonObject Build(
        RunRequest request,
        string status,
        DateTimeOffset started,
        DateTimeOffset? finished,
        IReadOnlyList<string> inputFiles,
        (long Accepted, long Rejected, long Failed) counts,
        long recordsRead,
        long recordsDone,
        IReadOnlyList<StageCounters> stages,
        IReadOnlyList<Stage> stageObjects,
        int resumes,
        JsonObject? extra)
    {
        var manifest = new JsonObject
        {
            ["name"] = request.Config.Name,
            ["status"] = status,
            ["started_at"] = started.ToString("O"),
            ["finished_at"] = finished?.ToString("O"),
            ["resumes"] = resumes,
            ["versions"] = new JsonObject
            {
                ["midtrain"] = MidTrainVersion,
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["os"] = RuntimeInformation.OSDescription,
            },
            ["config_file"] = request.Config.File,
            ["config_sha256"] = request.Config.Sha256,
            ["pipeline_sha256"] = request.Config.PipelineSha256,
            ["config"] = request.Config.Json.DeepClone(),
            ["seed"] = request.EffectiveSeed,
            ["limit"] = request.Limit,
            ["shard"] = request.Shard is { } shard ? new JsonObject { ["index"] = shard.Index, ["count"] = shard.Count } : null,
            ["input_files"] = new JsonArray(inputFiles.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f,
                ["bytes"] = File.Exists(f) ? new FileInfo(f).Length : null,
            }).ToArray()),
            ["counts"] = new JsonObject
            {
                ["records_read"] = recordsRead,
                ["records_done"] = recordsDone,
                ["accepted"] = counts.Accepted,
                ["rejected"] = counts.Rejected,
                ["failed"] = counts.Failed,
            },
            ["stages"] = new JsonArray(stages.Select((s, i) =>
            {
                var node = new JsonObject
                {
                    ["name"] = s.Name,
                    ["in"] = s.In,
                    ["out"] = s.Out,
                    ["rejected"] = s.Rejected,
                    ["failed"] = s.Failed,
                };
                if (i < stageObjects.Count && stageObjects[i].Report() is { } report)
                {
                    node["report"] = report;
                }

                return (JsonNode)node;
            }).ToArray()),
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                manifest[key] = value?.DeepClone();
            }
        }

        return manifest;
    }
}
