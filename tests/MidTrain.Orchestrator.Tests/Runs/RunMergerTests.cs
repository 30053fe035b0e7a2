using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Runs;

public sealed class RunMergerTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDir("midtrain-merge");

    public void Dispose() => Directory.Delete(_root, true);

    /// <summary>Writes a completed shard run directory with the given output lines and a manifest that counts them.</summary>
    private string Shard(int index, int count, string[] accepted, string[]? rejected = null, string[]? failed = null, Action<JsonObject>? edit = null)
    {
        var dir = Path.Combine(_root, "run", $"shard-{index:D4}-of-{count:D4}");
        Directory.CreateDirectory(dir);
        rejected ??= [];
        failed ??= [];
        File.WriteAllLines(Path.Combine(dir, RunFiles.Accepted), accepted);
        File.WriteAllLines(Path.Combine(dir, RunFiles.Rejected), rejected);
        File.WriteAllLines(Path.Combine(dir, RunFiles.Failed), failed);
        File.WriteAllLines(Path.Combine(dir, JudgementLabels.FileName), accepted.Select(a => $"{{\"item\":{JsonNode.Parse(a)!["id"]!.ToJsonString()},\"rater\":\"j/c\",\"label\":4}}"));
        var records = accepted.Length + rejected.Length + failed.Length;
        var manifest = new JsonObject
        {
            ["name"] = "demo",
            ["status"] = "completed",
            ["started_at"] = "2026-11-29T10:00:00.0000000+00:00",
            ["finished_at"] = "2026-11-29T11:00:00.0000000+00:00",
            ["resumes"] = index == 1 ? 1 : 0,
            ["versions"] = new JsonObject { ["midtrain"] = "0.1.0" },
            ["config_file"] = "p.yaml",
            ["config_sha256"] = "abc",
            ["config"] = new JsonObject { ["name"] = "demo" },
            ["seed"] = 7,
            ["limit"] = null,
            ["shard"] = new JsonObject { ["index"] = index, ["count"] = count },
            ["counts"] = new JsonObject
            {
                ["records_read"] = records, ["records_done"] = records,
                ["accepted"] = accepted.Length, ["rejected"] = rejected.Length, ["failed"] = failed.Length,
            },
            ["stages"] = new JsonArray(new JsonObject { ["name"] = "judge", ["in"] = records, ["out"] = accepted.Length, ["rejected"] = rejected.Length, ["failed"] = failed.Length, ["report"] = new JsonObject { ["x"] = 1 } }),
            ["models"] = new JsonObject { ["judge"] = new JsonObject { ["model"] = "m", ["fingerprint"] = "gguf:sha256=1", ["requests"] = 10 * (index + 1), ["tokens_out"] = 100 } },
            ["prompts"] = new JsonObject { ["judges/answerable"] = "sha-1" },
        };
        edit?.Invoke(manifest);
        File.WriteAllText(Path.Combine(dir, RunFiles.Manifest), manifest.ToJsonString());
        return dir;
    }

    private static string Line(string id) => $"{{\"id\":\"{id}\",\"text\":\"t {id}\"}}";

    private string Out => Path.Combine(_root, "merged");

    [Fact]
    public void Merge_AllShards_ConcatenatesInShardOrderAndSumsCountsStagesAndUsage()
    {
        Shard(2, 3, [Line("c1")], failed: ["{\"root\":\"c2\",\"stage\":\"judge\",\"kind\":\"parse\",\"message\":\"m\"}"]);
        Shard(0, 3, [Line("a1"), Line("a2")], rejected: [Line("a3")]);
        Shard(1, 3, [Line("b1")]);

        var manifest = new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_root, "run")]), Out);

        File.ReadAllLines(Path.Combine(Out, RunFiles.Accepted)).Should().Equal(Line("a1"), Line("a2"), Line("b1"), Line("c1"));
        File.ReadAllLines(Path.Combine(Out, RunFiles.Rejected)).Should().Equal(Line("a3"));
        File.ReadAllLines(Path.Combine(Out, RunFiles.Failed)).Should().ContainSingle().Which.Should().Contain("\"root\":\"c2\"");
        File.ReadAllLines(Path.Combine(Out, JudgementLabels.FileName)).Should().HaveCount(4);
        manifest["status"]!.GetValue<string>().Should().Be("completed");
        manifest["counts"]!.ToJsonString().Should().Be("{\"records_read\":6,\"records_done\":6,\"accepted\":4,\"rejected\":1,\"failed\":1}");
        manifest["stages"]![0]!.ToJsonString().Should().Be("{\"name\":\"judge\",\"in\":6,\"out\":4,\"rejected\":1,\"failed\":1}");
        manifest["models"]!["judge"]!["requests"]!.GetValue<long>().Should().Be(60);
        manifest["models"]!["judge"]!["fingerprint"]!.GetValue<string>().Should().Be("gguf:sha256=1");
        manifest["shards"]!["merged"]!.AsArray().Select(n => n!.GetValue<int>()).Should().Equal(0, 1, 2);
        manifest["merged_from"]![1]!["resumes"]!.GetValue<int>().Should().Be(1);
        JsonNode.Parse(File.ReadAllText(Path.Combine(Out, RunFiles.Manifest)))!["counts"]!["accepted"]!.GetValue<long>().Should().Be(4);
        File.ReadAllText(Path.Combine(Out, RunFiles.Card)).Should().Contain("Merged from all 3 shards");
        Directory.EnumerateDirectories(_root).Select(Path.GetFileName).Should().BeEquivalentTo("run", "merged");
    }

    [Fact]
    public void Merge_MissingShard_RefusedNamingIt_ThenAllowedAsPartial()
    {
        Shard(0, 3, [Line("a1")]);
        Shard(2, 3, [Line("c1")]);
        var shards = RunMerger.FindRunDirectories([Path.Combine(_root, "run")]);

        var act = () => new RunMerger().Merge(shards, Out);

        act.Should().Throw<RunMergeException>().WithMessage("missing shard 1/3*--allow-missing-shards*");
        Directory.Exists(Out).Should().BeFalse();
        var manifest = new RunMerger().Merge(shards, Out, allowMissingShards: true);
        manifest["status"]!.GetValue<string>().Should().Be("partial");
        manifest["shards"]!["missing"]!.AsArray().Select(n => n!.GetValue<int>()).Should().Equal(1);
        File.ReadAllText(Path.Combine(Out, RunFiles.Card)).Should().Contain("**Partial**").And.Contain("missing: 1");
    }

    [Fact]
    public void Merge_ShardNotCompleted_RefusedWithHowToFinishIt()
    {
        Shard(0, 2, [Line("a1")]);
        var interrupted = Shard(1, 2, [Line("b1")], edit: m => m["status"] = "interrupted");

        var act = () => new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_root, "run")]), Out);

        act.Should().Throw<RunMergeException>().WithMessage($"{interrupted}: status 'interrupted'*--resume*");
    }

    [Theory]
    [InlineData("config_sha256", "pipeline file")]
    [InlineData("seed", "seed")]
    [InlineData("limit", "--limit")]
    public void Merge_ShardsOfDifferentRuns_Refused(string key, string what)
    {
        Shard(0, 2, [Line("a1")]);
        var other = Shard(1, 2, [Line("b1")], edit: m => m[key] = 99);

        var act = () => new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_root, "run")]), Out);

        act.Should().Throw<RunMergeException>().WithMessage($"{other}: {what} differs*");
    }

    [Fact]
    public void Merge_DifferentModelFingerprint_Refused()
    {
        Shard(0, 2, [Line("a1")]);
        Shard(1, 2, [Line("b1")], edit: m => m["models"]!["judge"]!["fingerprint"] = "gguf:sha256=2");

        var act = () => new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_root, "run")]), Out);

        act.Should().Throw<RunMergeException>().WithMessage("*model 'judge' has fingerprint*gguf:sha256=2*");
    }

    [Fact]
    public void Merge_DifferentShardCounts_AndTheSameShardTwice_Refused()
    {
        var a = Shard(0, 2, [Line("a1")]);
        var b = Shard(1, 3, [Line("b1")]);
        var act = () => new RunMerger().Merge([a, b], Out);
        act.Should().Throw<RunMergeException>().WithMessage("*shard counts differ*");

        var copy = Path.Combine(_root, "copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(a))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        act = () => new RunMerger().Merge([a, copy], Out);
        act.Should().Throw<RunMergeException>().WithMessage("shard 0/2 is given twice*");
    }

    [Fact]
    public void Merge_FileChangedAfterTheShardCompleted_RefusedAndNothingIsLeftBehind()
    {
        Shard(0, 2, [Line("a1")]);
        var changed = Shard(1, 2, [Line("b1"), Line("b2")]);
        File.AppendAllLines(Path.Combine(changed, RunFiles.Accepted), [Line("b3")]);

        var act = () => new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_root, "run")]), Out);

        act.Should().Throw<RunMergeException>().WithMessage($"{Path.Combine(changed, RunFiles.Accepted)}: 3 lines, but the run's manifest counts 2*");
        Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Should().Equal("run");
    }

    [Fact]
    public void Merge_TornLastLine_Refused()
    {
        Shard(0, 1, [Line("a1")]);
        var torn = Path.Combine(_root, "run", "shard-0000-of-0001", RunFiles.Rejected);
        File.WriteAllText(torn, "{\"id\":\"x\",\"te");

        var act = () => new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_root, "run")]), Out);

        act.Should().Throw<RunMergeException>().WithMessage($"{torn}: the last line is not terminated*");
    }

    [Fact]
    public void Merge_OutputNotEmptyOrInsideAShard_Refused()
    {
        var shard = Shard(0, 1, [Line("a1")]);
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "x"), "x");

        var act = () => new RunMerger().Merge([shard], Out);
        act.Should().Throw<RunMergeException>().WithMessage("*exists and is not empty*");

        act = () => new RunMerger().Merge([shard], Path.Combine(shard, "merged"));
        act.Should().Throw<RunMergeException>().WithMessage("*inside the run directory*");
    }

    [Theory]
    [InlineData("status", "42", "field 'status' is missing or not a string")]
    [InlineData("shard", "{\"index\": \"x\", \"count\": 2}", "field 'shard.index' is missing or not a number")]
    [InlineData("shard", "{\"index\": 5, \"count\": 2}", "field 'shard': index 5 of count 2 is not a shard")]
    [InlineData("counts", "{\"accepted\": 1}", "field 'counts.records_read' is missing or not a count")]
    public void Merge_MalformedManifest_RefusedNamingFileAndField(string key, string json, string message)
    {
        var shard = Shard(0, 2, [Line("a1")], edit: m => m[key] = JsonNode.Parse(json));

        var act = () => new RunMerger().Merge([shard], Out);

        act.Should().Throw<RunMergeException>().WithMessage($"{Path.Combine(shard, RunFiles.Manifest)}: {message}");
    }

    [Fact]
    public void Merge_ManifestNotJson_RefusedNamingTheFile()
    {
        var shard = Shard(0, 1, [Line("a1")]);
        File.WriteAllText(Path.Combine(shard, RunFiles.Manifest), "{\"status\": ");

        var act = () => new RunMerger().Merge([shard], Out);

        act.Should().Throw<RunMergeException>().WithMessage($"{Path.Combine(shard, RunFiles.Manifest)}: not valid JSON*");
    }

    [Fact]
    public void FindRunDirectories_FolderWithoutShards_Refused()
    {
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);

        var act = () => RunMerger.FindRunDirectories([empty]);

        act.Should().Throw<RunMergeException>().WithMessage($"{empty}: neither a run directory*");
    }
}
