using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MidTrain.Core.Configuration;
using MidTrain.Core.Files;
using MidTrain.Core.Jsonl;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Stages.Generate;
using MidTrain.Datasets.Cards;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// <c>midtrain merge</c> (DESIGN §7): combines the run directories of the shards of one sharded run into one dataset
/// directory. It refuses what would make a wrong dataset: a shard that did not complete, shards of different
/// configurations, seeds, limits, models or prompts, a shard given twice, a missing shard (unless explicitly allowed,
/// which marks the result <c>partial</c>), and an output file whose line count differs from its shard's manifest (the
/// files changed after the shard completed). Files are streamed in shard order (constant memory) into a temporary
/// directory that is renamed into place at the end, so an interrupted merge never leaves a directory that looks done.
/// </summary>
public sealed partial class RunMerger
{
    private static readonly string[] Files = [RunFiles.Accepted, RunFiles.Rejected, RunFiles.Failed, JudgementLabels.FileName];
    private static readonly string[] CountedFiles = [RunFiles.Accepted, RunFiles.Rejected, RunFiles.Failed];
    private static readonly string[] CountKeys = ["records_read", "records_done", "accepted", "rejected", "failed"];
    private static readonly string[] StageCountKeys = ["in", "out", "rejected", "failed"];
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a merger; <paramref name="timeProvider"/> stamps <c>merged_at</c>.</summary>
    public RunMerger(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// Finds the shard run directories under <paramref name="inputs"/>: each input is a run directory (it holds
    /// <c>manifest.json</c>) or a folder whose <c>shard-IIII-of-NNNN</c> subdirectories are run directories.
    /// </summary>
    /// <exception cref="RunMergeException">An input is neither.</exception>
    public static IReadOnlyList<string> FindRunDirectories(IEnumerable<string> inputs)
    {
        var found = new List<string>();
        foreach (var input in inputs)
        {
            if (!Directory.Exists(input))
            {
                throw new RunMergeException($"{input}: directory not found");
            }

            if (File.Exists(Path.Combine(input, RunFiles.Manifest)))
            {
                found.Add(Path.GetFullPath(input));
                continue;
            }

            var shards = Directory.EnumerateDirectories(input)
                .Where(d => ShardDirectoryName().IsMatch(Path.GetFileName(d)) && File.Exists(Path.Combine(d, RunFiles.Manifest)))
                .Select(Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (shards.Count == 0)
            {
                throw new RunMergeException($"{input}: neither a run directory ({RunFiles.Manifest}) nor a folder of shard-IIII-of-NNNN run directories");
            }

            found.AddRange(shards);
        }

        return found;
    }

    /// <summary>Merges <paramref name="runDirectories"/> (see <see cref="FindRunDirectories"/>) into <paramref name="outputDirectory"/>.</summary>
    /// <param name="runDirectories">The shard run directories, in any order.</param>
    /// <param name="outputDirectory">Created; must not exist or be empty.</param>
    /// <param name="allowMissingShards">Merge even when shards are missing; the result's status is then <c>partial</c>.</param>
    /// <param name="cancellationToken">Stops between blocks; nothing is left at <paramref name="outputDirectory"/>.</param>
    /// <returns>The merged manifest (also written to <c>manifest.json</c>).</returns>
    /// <exception cref="RunMergeException">The shards cannot be merged; the message says which and why.</exception>
    public JsonObject Merge(IReadOnlyList<string> runDirectories, string outputDirectory, bool allowMissingShards = false, CancellationToken cancellationToken = default)
    {
        var shards = runDirectories.Select(ReadShard).OrderBy(s => s.Index).ToList();
        var (count, missing) = CheckShards(shards, allowMissingShards);
        var output = Path.GetFullPath(outputDirectory);
        CheckOutput(output, shards);

        return Combine(shards.Select(s => (s.Directory, s.Manifest)).ToList(), output, "merging", temp =>
        {
            var settlement = SettleAcrossRuns(temp, DedupOf(shards[0].Manifest), cancellationToken);
            var manifest = Manifest(shards, count, missing);
            Adjust(manifest, settlement);
            return manifest;
        }, cancellationToken);
    }

    /// <summary>
    /// <c>midtrain dedup</c>: combines finished run directories (of one pipeline or several) into one dataset directory
    /// and removes the near-duplicate samples across all of them with the rule of the <c>generate:</c> stage (the smallest
    /// canonical key of each cluster is kept), using <paramref name="options"/>, else the first run's dedup options,
    /// else the defaults.
    /// </summary>
    /// <exception cref="RunMergeException">A run is unfinished or its files changed; the message says which.</exception>
    public JsonObject Deduplicate(IReadOnlyList<string> runDirectories, string outputDirectory, NearDuplicateOptions? options = null, CancellationToken cancellationToken = default)
    {
        var runs = runDirectories.Select(ReadShard).ToList();
        if (runs.Count == 0)
        {
            throw new RunMergeException("no run directories to deduplicate");
        }

        var output = Path.GetFullPath(outputDirectory);
        CheckOutput(output, runs);
        var dedup = options is null ? DedupOf(runs.Select(r => r.Manifest)) : ("dedup", options);
        return Combine(runs.Select(r => (r.Directory, r.Manifest)).ToList(), output, "deduplicating", temp =>
        {
            var settlement = SettleAcrossRuns(temp, dedup ?? ("dedup", new NearDuplicateOptions()), cancellationToken);
            var counts = new JsonObject();
            foreach (var key in CountKeys)
            {
                counts[key] = runs.Sum(r => r.Counted(key));
            }

            var manifest = new JsonObject
            {
                ["name"] = "dedup",
                ["status"] = "completed",
                ["merged_at"] = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                ["versions"] = new JsonObject { ["midtrain"] = RunManifest.MidTrainVersion },
                ["config_file"] = null,
                ["seed"] = null,
                ["dedup_of"] = new JsonArray(runs.Select(r => (JsonNode)new JsonObject
                {
                    ["dir"] = r.Directory,
                    ["name"] = r.Manifest["name"]?.DeepClone(),
                    ["config_sha256"] = r.Manifest["config_sha256"]?.DeepClone(),
                    ["shard"] = r.Manifest["shard"]?.DeepClone(),
                    ["counts"] = r.Manifest["counts"]?.DeepClone(),
                }).ToArray()),
                ["counts"] = counts,
            };
            Adjust(manifest, settlement);
            return manifest;
        }, cancellationToken);
    }

    /// <summary>Concatenates the runs' files into a temporary directory, lets <paramref name="finish"/> settle it and write its manifest, then renames it into place.</summary>
    private static JsonObject Combine(IReadOnlyList<(string Directory, JsonObject Manifest)> runs, string output, string verb, Func<string, JsonObject> finish, CancellationToken cancellationToken)
    {
        using var staged = StagedDirectory.Create(output, verb);
        var temp = staged.Path;
        var buffer = new byte[1 << 20];
        foreach (var file in Files)
        {
            using var target = new FileStream(Path.Combine(temp, file), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
            foreach (var (directory, runManifest) in runs)
            {
                var lines = Append(Path.Combine(directory, file), target, buffer, cancellationToken);
                var counted = Long(runManifest["counts"]?[CountKey(file)]);
                if (CountedFiles.Contains(file) && lines != counted)
                {
                    throw new RunMergeException(
                        $"{Path.Combine(directory, file)}: {lines:N0} lines, but the run's manifest counts {counted:N0}: the file changed after the run completed");
                }
            }

            target.Flush(flushToDisk: true);
        }

        var manifest = finish(temp);
        File.WriteAllText(Path.Combine(temp, RunFiles.Manifest), manifest.ToJsonString(new JsonSerializerOptions(JsonDefaults.Options) { WriteIndented = true }) + "\n");
        RunCard.Write(temp, manifest);
        staged.Publish(replace: false);
        return manifest;
    }

    /// <summary>
    /// The near-duplicate options recorded by the first of <paramref name="runDirectories"/> whose generate stage removed
    /// near-duplicates, or the defaults: what <see cref="Deduplicate"/> uses when it is given none.
    /// </summary>
    /// <exception cref="RunMergeException">A run is unfinished or its files changed; the message says which.</exception>
    public static NearDuplicateOptions RecordedNearDuplicateOptions(IReadOnlyList<string> runDirectories)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        return DedupOf(runDirectories.Select(d => ReadShard(d).Manifest))?.Options ?? new NearDuplicateOptions();
    }

    /// <summary>The generate stage's name and dedup options recorded in the first of <paramref name="manifests"/> that has them, or null.</summary>
    private static (string Stage, NearDuplicateOptions Options)? DedupOf(params IEnumerable<JsonObject> manifests)
    {
        foreach (var manifest in manifests)
        {
            foreach (var stage in manifest["stages"] as JsonArray ?? [])
            {
                if (stage?["report"]?["near_duplicates"]?["options"] is JsonObject options && stage["name"] is JsonValue name)
                {
                    var mapping = (ConfigMapping)ConfigJson.FromJson(options, "manifest.json", "near_duplicates.options");
                    return (name.GetValue<string>(), OptionsBinder.Bind<NearDuplicateOptions>(mapping));
                }
            }
        }

        return null;
    }

    /// <summary>Removes near-duplicates across every sample of the combined directory; null when the runs had no dedup.</summary>
    private static JsonObject? SettleAcrossRuns(string directory, (string Stage, NearDuplicateOptions Options)? dedup, CancellationToken cancellationToken)
    {
        if (dedup is not { } d)
        {
            return null;
        }

        var decisions = NearDuplicateRejections.Decide([directory], d.Options, cancellationToken);
        var result = RunSettlement.Apply(directory, NearDuplicateRejections.Of(d.Stage, decisions), id => NearDuplicateRejections.Of(d.Stage, id, exact: true), cancellationToken);
        return new JsonObject
        {
            ["stage"] = d.Stage,
            ["options"] = OptionsBinder.ToJson(d.Options),
            ["texts"] = decisions.Texts,
            ["clusters"] = decisions.Clusters,
            ["rejected"] = decisions.Losers.Count,
            ["moved_from_accepted"] = result.FromAccepted,
            ["moved_from_failed"] = result.FromFailed,
            ["relabelled"] = result.Relabelled,
        };
    }

    /// <summary>Records <paramref name="settlement"/> in <paramref name="manifest"/> and moves its counts.</summary>
    private static void Adjust(JsonObject manifest, JsonObject? settlement)
    {
        if (settlement is null)
        {
            return;
        }

        var counts = manifest["counts"]!.AsObject();
        var fromAccepted = settlement["moved_from_accepted"]!.GetValue<long>();
        var fromFailed = settlement["moved_from_failed"]!.GetValue<long>();
        counts["accepted"] = Long(counts["accepted"]) - fromAccepted;
        counts["failed"] = Long(counts["failed"]) - fromFailed;
        counts["rejected"] = Long(counts["rejected"]) + fromAccepted + fromFailed;
        manifest["settlement"] = settlement;
    }

    private static string CountKey(string file) => file switch
    {
        RunFiles.Accepted => "accepted",
        RunFiles.Rejected => "rejected",
        _ => "failed",
    };

    /// <summary>Copies <paramref name="path"/> (absent = empty) to <paramref name="target"/>; returns its number of lines.</summary>
    private static long Append(string path, Stream target, byte[] buffer, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var block = buffer.AsSpan(0, read);
            lines += block.Count((byte)'\n');
            last = block[^1];
            target.Write(block);
        }

        if (last != (byte)'\n')
        {
            throw new RunMergeException($"{path}: the last line is not terminated (a torn write); run the shard again with --resume to repair it");
        }

        return lines;
    }

    private static ShardRun ReadShard(string directory)
    {
        var path = Path.Combine(directory, RunFiles.Manifest);
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new RunMergeException($"{path}: not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new RunMergeException($"{path}: not valid JSON: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new RunMergeException($"{path}: {ex.Message}");
        }

        var status = Field<string>(manifest, path, "status");
        if (status != "completed")
        {
            throw new RunMergeException($"{directory}: status '{status}', not 'completed': finish the shard first (midtrain run PIPELINE --shard I/N --out DIR --resume)");
        }

        int index = -1, count = 0;
        if (manifest["shard"] is JsonObject shard)
        {
            index = Field<int>(shard, path, "shard.index");
            count = Field<int>(shard, path, "shard.count");
            if (count < 1 || index < 0 || index >= count)
            {
                throw new RunMergeException($"{path}: field 'shard': index {index} of count {count} is not a shard");
            }
        }

        foreach (var key in CountKeys)
        {
            if (manifest["counts"]?[key] is not JsonValue value || !value.TryGetValue<long>(out var n) || n < 0)
            {
                throw new RunMergeException($"{path}: field 'counts.{key}' is missing or not a count");
            }
        }

        return new ShardRun(directory, manifest, index, count);
    }

    private static T Field<T>(JsonObject node, string path, string name)
    {
        var key = name[(name.LastIndexOf('.') + 1)..];
        return node[key] is JsonValue value && value.TryGetValue<T>(out var result)
            ? result
            : throw new RunMergeException($"{path}: field '{name}' is missing or not a {(typeof(T) == typeof(string) ? "string" : "number")}");
    }

    private static (int Count, IReadOnlyList<int> Missing) CheckShards(IReadOnlyList<ShardRun> shards, bool allowMissing)
    {
        if (shards.Count == 0)
        {
            throw new RunMergeException("no run directories to merge");
        }

        if (shards.FirstOrDefault(s => s.Index < 0) is { } unsharded)
        {
            throw new RunMergeException($"{unsharded.Directory}: not a shard (its manifest has no shard); merge combines the shards of one run made with --shard I/N");
        }

        var first = shards[0];
        foreach (var shard in shards.Skip(1))
        {
            foreach (var (key, what) in new[] { ("config_sha256", "pipeline file"), ("seed", "seed"), ("limit", "--limit"), ("name", "name") })
            {
                if (!JsonNode.DeepEquals(shard.Manifest[key], first.Manifest[key]))
                {
                    throw new RunMergeException($"{shard.Directory}: {what} differs from {first.Directory} ({key} {shard.Manifest[key]?.ToJsonString() ?? "null"} vs {first.Manifest[key]?.ToJsonString() ?? "null"}); shards of one dataset share one configuration");
                }
            }

            if (shard.ShardCount != first.ShardCount)
            {
                throw new RunMergeException($"{shard.Directory}: shard {shard.Index}/{shard.ShardCount}, but {first.Directory} is shard {first.Index}/{first.ShardCount}: the shard counts differ");
            }

            foreach (var (model, node) in shard.Manifest["models"] as JsonObject ?? [])
            {
                var fingerprint = node?["fingerprint"];
                var other = first.Manifest["models"]?[model]?["fingerprint"];
                if (!JsonNode.DeepEquals(fingerprint, other))
                {
                    throw new RunMergeException($"{shard.Directory}: model '{model}' has fingerprint {fingerprint?.ToJsonString() ?? "null"}, {first.Directory} used {other?.ToJsonString() ?? "null"}; a dataset is made by one set of models");
                }
            }

            if (!JsonNode.DeepEquals(shard.Manifest["prompts"], first.Manifest["prompts"]))
            {
                throw new RunMergeException($"{shard.Directory}: its prompts (ids and sha256) differ from {first.Directory}'s; a prompt file changed between shards");
            }
        }

        if (shards.GroupBy(s => s.Index).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new RunMergeException($"shard {twice.Key}/{first.ShardCount} is given twice: {string.Join(", ", twice.Select(s => s.Directory))}");
        }

        var missing = Enumerable.Range(0, first.ShardCount).Except(shards.Select(s => s.Index)).ToList();
        if (missing.Count > 0 && !allowMissing)
        {
            throw new RunMergeException($"missing shard{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing.Take(20).Select(i => $"{i}/{first.ShardCount}"))}{(missing.Count > 20 ? ", …" : string.Empty)}: run them, or pass --allow-missing-shards for a partial dataset");
        }

        return (first.ShardCount, missing);
    }

    private static void CheckOutput(string output, IReadOnlyList<ShardRun> shards)
        => CheckOutput(output, shards.Select(s => s.Directory));

    private static void CheckOutput(string output, IEnumerable<string> runDirectories)
    {
        if (File.Exists(output) || (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any()))
        {
            throw new RunMergeException($"{output}: exists and is not empty; give a new --out directory");
        }

        foreach (var directory in runDirectories)
        {
            var relative = Path.GetRelativePath(directory, output);
            if (relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)))
            {
                throw new RunMergeException($"{output}: inside the run directory {directory}; give --out outside every input run");
            }
        }
    }

    private JsonObject Manifest(IReadOnlyList<ShardRun> shards, int count, IReadOnlyList<int> missing)
    {
        var first = shards[0].Manifest;
        var counts = new JsonObject();
        foreach (var key in CountKeys)
        {
            counts[key] = shards.Sum(s => s.Counted(key));
        }

        var stages = new JsonArray();
        if (first["stages"] is JsonArray firstStages)
        {
            for (var i = 0; i < firstStages.Count; i++)
            {
                var stage = new JsonObject { ["name"] = firstStages[i]?["name"]?.DeepClone() };
                foreach (var key in StageCountKeys)
                {
                    stage[key] = shards.Sum(s => Long(s.Manifest["stages"]?[i]?[key]));
                }

                stages.Add(stage);
            }
        }

        // Usage and cost add up over the shards (per model, per stage and in total).
        var models = shards.Aggregate(new JsonObject(), (sum, s) => UsageLedger.Merge(sum, s.Manifest["models"] as JsonObject ?? []));
        var usage = shards.Aggregate(new JsonObject(), (sum, s) => UsageLedger.Merge(sum, s.Manifest["usage"] as JsonObject ?? []));

        return new JsonObject
        {
            ["name"] = first["name"]?.DeepClone(),
            ["status"] = missing.Count == 0 ? "completed" : "partial",
            ["merged_at"] = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["versions"] = new JsonObject
            {
                ["midtrain"] = RunManifest.MidTrainVersion,
                ["shards"] = new JsonArray(shards.Select(s => s.Manifest["versions"]?["midtrain"]?.DeepClone()).Distinct(JsonNodeComparer.Instance).ToArray()),
            },
            ["config_file"] = first["config_file"]?.DeepClone(),
            ["config_sha256"] = first["config_sha256"]?.DeepClone(),
            ["config"] = first["config"]?.DeepClone(),
            ["seed"] = first["seed"]?.DeepClone(),
            ["limit"] = first["limit"]?.DeepClone(),
            ["shards"] = new JsonObject
            {
                ["count"] = count,
                ["merged"] = new JsonArray(shards.Select(s => (JsonNode)s.Index).ToArray()),
                ["missing"] = new JsonArray(missing.Select(i => (JsonNode)i).ToArray()),
            },
            ["merged_from"] = new JsonArray(shards.Select(s => (JsonNode)new JsonObject
            {
                ["dir"] = s.Directory,
                ["shard"] = s.Index,
                ["started_at"] = s.Manifest["started_at"]?.DeepClone(),
                ["finished_at"] = s.Manifest["finished_at"]?.DeepClone(),
                ["resumes"] = s.Manifest["resumes"]?.DeepClone(),
                ["counts"] = s.Manifest["counts"]?.DeepClone(),
            }).ToArray()),
            ["counts"] = counts,
            ["stages"] = stages,
            ["models"] = models,
            ["usage"] = usage.Count == 0 ? null : usage,
            ["prompts"] = first["prompts"]?.DeepClone(),
        };
    }

    private static long Long(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;

    [GeneratedRegex(@"^shard-\d{4,}-of-\d{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardDirectoryName();

    private sealed record ShardRun(string Directory, JsonObject Manifest, int Index, int ShardCount)
    {
        public long Counted(string key) => Long(Manifest["counts"]?[key]);
    }

    private sealed class JsonNodeComparer : IEqualityComparer<JsonNode?>
    {
        public static readonly JsonNodeComparer Instance = new();

        public bool Equals(JsonNode? x, JsonNode? y) => JsonNode.DeepEquals(x, y);

        public int GetHashCode(JsonNode? obj) => obj?.ToJsonString().GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
