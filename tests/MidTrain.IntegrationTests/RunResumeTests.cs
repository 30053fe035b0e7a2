using System.Diagnostics;
using System.Text;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

public sealed class RunResumeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static (string Dir, string Pipeline, HashSet<string> AllKeys) MakeCorpus(int records)
    {
        var dir = TestPaths.NewTempDir("midtrain-resume");
        var corpus = new StringBuilder();
        var keys = new HashSet<string>();
        for (var i = 0; i < records; i++)
        {
            if (i % 97 == 13)
            {
                corpus.Append("{\"id\":\"broken-").Append(i).Append("\",\n");
                keys.Add($"@corpus.jsonl:{i + 1}");
                continue;
            }

            var text = i % 10 == 0 ? "short" : $"Record {i}: " + new string('x', 80 + (i % 50));
            corpus.Append("{\"id\":\"r").Append(i).Append("\",\"text\":\"").Append(text).Append("\"}\n");
            keys.Add($"r{i}");
        }

        File.WriteAllText(Path.Combine(dir, "corpus.jsonl"), corpus.ToString());
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, """
            name: resume-test
            seed: 1
            input:
              path: corpus.jsonl
            stages:
              - generic: length_filter
                min_chars: 10
              - generic: passthrough
                concurrency: 4
                delay_ms: 6
              - generic: passthrough
            """);
        return (dir, pipeline, keys);
    }

    [Fact]
    public async Task Run_KilledWithSigkillThenResumed_EveryRecordExactlyOnceAndEqualToUninterruptedRun()
    {
        var (dir, pipeline, keys) = MakeCorpus(3000);
        var reference = Path.Combine(dir, "reference");
        var (refCode, _, refErr) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", reference);
        refCode.Should().Be(1, "the corpus has bad lines, so the run completes with failures; stderr: " + refErr);

        var crashed = Path.Combine(dir, "crashed");
        using (var process = Process.Start(MidtrainCli.StartInfo(dir, "run", pipeline, "--out", crashed))!)
        {
            var journal = Path.Combine(crashed, "journal.jsonl");
            var watch = Stopwatch.StartNew();
            while (!(File.Exists(journal) && File.ReadLines(journal).Count() > 300) && watch.Elapsed < Timeout && !process.HasExited)
            {
                await Task.Delay(20);
            }

            process.HasExited.Should().BeFalse("the run must still be going when it is killed");
            process.Kill(entireProcessTree: true); // SIGKILL
            await process.WaitForExitAsync();
        }

        var partial = MidtrainCli.RootCounts(crashed);
        partial.Count.Should().BeLessThan(keys.Count, "the run was killed before the end");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", crashed, "--resume");
        code.Should().Be(1, err);

        var resumed = MidtrainCli.RootCounts(crashed);
        resumed.Keys.Should().BeEquivalentTo(keys);
        resumed.Values.Should().OnlyContain(c => c == 1, "no record lost, none duplicated");
        foreach (var file in new[] { "accepted.jsonl", "rejected.jsonl" })
        {
            MidtrainCli.Ids(Path.Combine(crashed, file)).Should().BeEquivalentTo(MidtrainCli.Ids(Path.Combine(reference, file)), file);
        }

        MidtrainCli.Ids(Path.Combine(crashed, "failed.jsonl"), "root").Should().BeEquivalentTo(MidtrainCli.Ids(Path.Combine(reference, "failed.jsonl"), "root"));
        File.ReadAllText(Path.Combine(crashed, "manifest.json")).Should().Contain("\"status\": \"completed\"").And.Contain("\"resumes\": 1");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_FirstInterrupt_DrainsJournalsAndExits3_ThenResumeCompletes()
    {
        var (dir, pipeline, keys) = MakeCorpus(3000);
        var outDir = Path.Combine(dir, "out");
        using (var process = Process.Start(MidtrainCli.StartInfo(dir, "run", pipeline, "--out", outDir))!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var journal = Path.Combine(outDir, "journal.jsonl");
            var watch = Stopwatch.StartNew();
            while (!(File.Exists(journal) && File.ReadLines(journal).Count() > 100) && watch.Elapsed < Timeout && !process.HasExited)
            {
                await Task.Delay(20);
            }

            process.HasExited.Should().BeFalse();
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(Timeout);
            process.ExitCode.Should().Be(3, "an interrupted run is not complete");
            (await stderr).Should().Contain("finishing records in flight").And.Contain("--resume");
        }

        File.ReadAllText(Path.Combine(outDir, "manifest.json")).Should().Contain("\"status\": \"interrupted\"");
        var drained = MidtrainCli.RootCounts(outDir);
        drained.Count.Should().BeLessThan(keys.Count);
        File.ReadLines(Path.Combine(outDir, "journal.jsonl")).Count().Should().Be(drained.Count, "every record read before the interrupt was finished and journaled");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--resume");

        code.Should().Be(1, err);
        var all = MidtrainCli.RootCounts(outDir);
        all.Keys.Should().BeEquivalentTo(keys);
        all.Values.Should().OnlyContain(c => c == 1);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_TwoShards_DisjointAndTogetherEqualToTheUnshardedRun()
    {
        var (dir, pipeline, keys) = MakeCorpus(400);
        var outDir = Path.Combine(dir, "out");
        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--shard", shard);
            code.Should().Be(1, err);
        }

        var first = MidtrainCli.RootCounts(Path.Combine(outDir, "shard-0000-of-0002"));
        var second = MidtrainCli.RootCounts(Path.Combine(outDir, "shard-0001-of-0002"));
        first.Should().NotBeEmpty();
        second.Should().NotBeEmpty();
        first.Keys.Should().NotIntersectWith(second.Keys);
        first.Keys.Concat(second.Keys).Should().BeEquivalentTo(keys);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Merge_ThreeShards_EqualsTheUnshardedRun_AndAMissingShardIsRefused()
    {
        var (dir, pipeline, _) = MakeCorpus(600);
        var reference = Path.Combine(dir, "reference");
        (await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", reference)).ExitCode.Should().Be(1);
        var outDir = Path.Combine(dir, "out");
        foreach (var shard in new[] { "0/3", "2/3" })
        {
            (await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--shard", shard)).ExitCode.Should().BeOneOf(0, 1);
        }

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "merge", outDir);
        code.Should().Be(2);
        err.Should().Contain("missing shard 1/3");
        Directory.Exists(Path.Combine(outDir, "merged")).Should().BeFalse();

        (await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--shard", "1/3")).ExitCode.Should().BeOneOf(0, 1);
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "merge", outDir);

        code.Should().Be(1, "the merged dataset holds the corpus's bad lines as failed records; stderr: " + err);
        var merged = Path.Combine(outDir, "merged");
        foreach (var file in new[] { "accepted.jsonl", "rejected.jsonl" })
        {
            File.ReadLines(Path.Combine(merged, file)).Order(StringComparer.Ordinal)
                .Should().Equal(File.ReadLines(Path.Combine(reference, file)).Order(StringComparer.Ordinal), file);
        }

        MidtrainCli.Ids(Path.Combine(merged, "failed.jsonl"), "root").Should().BeEquivalentTo(MidtrainCli.Ids(Path.Combine(reference, "failed.jsonl"), "root"));
        var counts = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(merged, "manifest.json")))!["counts"]!.ToJsonString();
        counts.Should().Be(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(reference, "manifest.json")))!["counts"]!.ToJsonString());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_FreshRunIntoNonEmptyDirectory_RefusesWithExitCode2()
    {
        var (dir, pipeline, _) = MakeCorpus(50);
        var outDir = Path.Combine(dir, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "keep.txt"), "precious");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir);

        code.Should().Be(2);
        err.Should().Contain("is not empty").And.Contain("--resume");
        File.ReadAllText(Path.Combine(outDir, "keep.txt")).Should().Be("precious");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Run_ResumeWithChangedPipeline_RefusesWithExitCode2()
    {
        var (dir, pipeline, _) = MakeCorpus(50);
        var outDir = Path.Combine(dir, "out");
        (await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir)).ExitCode.Should().Be(1);
        File.AppendAllText(pipeline, "\n  - generic: passthrough\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", outDir, "--resume");

        code.Should().Be(2);
        err.Should().Contain("changed since the run");
        Directory.Delete(dir, true);
    }
}
