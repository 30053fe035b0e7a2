using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// Long-context data through the real <c>midtrain</c> process: the example on the tiny model (real tokenizer, real
/// llama.cpp generation), and an assembly pipeline killed with SIGKILL and resumed.
/// </summary>
public sealed class LongContextTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static List<JsonNode> Lines(string path) => File.Exists(path) ? File.ReadLines(path).Select(l => JsonNode.Parse(l)!).ToList() : [];

    [Fact]
    public async Task LongContextExample_TinyModel_ContextsWithinTheTokenBandAndVerifiedSamplesForEveryContext()
    {
        var dir = TestPaths.NewTempDir("midtrain-longctx-example");
        var run = Path.Combine(dir, "run");

        var (code, _, err) = await MidtrainCli.RunAsync(TestPaths.RepoRoot, Timeout, "run", "examples/long-context.yaml", "--out", run);

        MidtrainCli.ShouldCompleteWithOnlyParseFailures(code, err, run);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!;
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(28, "every document of the example corpus ends: in a context or rejected");
        var assemble = manifest["stages"]![0]!["report"]!;
        assemble["unit"]!.GetValue<string>().Should().Be("tokens");
        assemble["contexts"]!.GetValue<long>().Should().BeGreaterThan(1);
        if (assemble["short_contexts"]!.GetValue<long>() == 0)
        {
            assemble["length"]!["min"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(1946, "within 5% of 2,048 tiny-model tokens");
        }

        assemble["length"]!["max"]!.GetValue<long>().Should().BeLessThanOrEqualTo(2048);
        var samples = Lines(Path.Combine(run, "accepted.jsonl")).Concat(Lines(Path.Combine(run, "rejected.jsonl"))).Where(l => l["messages"] is not null).ToList();
        samples.Should().NotBeEmpty();
        foreach (var sample in samples)
        {
            sample["verdicts"]![0]!["name"]!.GetValue<string>().Should().Be("citation");
            var evidence = sample["fields"]!["evidence"]!.AsArray();
            evidence.Should().NotBeEmpty();
            sample["messages"]![1]!["content"]!.GetValue<string>().Should().Contain($"[Document {evidence[0]!["document"]}]");
            sample["lineage"]![0]!["model_fingerprint"]!.GetValue<string>().Should().StartWith("gguf:sha256=");
        }

        manifest["stages"]![1]!["report"]!["long_context"]!["evidence_depth_histogram"]!.AsObject().Should().HaveCount(10);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Assemble_KilledWithSigkillThenResumed_EveryDocumentEndsOnceAndContextsEqualAnUninterruptedRun()
    {
        var dir = TestPaths.NewTempDir("midtrain-longctx-resume");
        var corpus = new StringBuilder();
        var keys = new HashSet<string>();
        for (var i = 0; i < 2000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, 3 + (i % 11)).Select(s => $"Entry {i} sentence {s} records {i * 7 % 1000} items. "));
            corpus.Append("{\"id\":\"e").Append(i).Append("\",\"text\":\"").Append(text.Trim()).Append("\"}\n");
            keys.Add($"e{i}");
        }

        File.WriteAllText(Path.Combine(dir, "corpus.jsonl"), corpus.ToString());
        var pipeline = Path.Combine(dir, "p.yaml");
        File.WriteAllText(pipeline, """
            name: assemble-resume
            seed: 1
            input:
              path: corpus.jsonl
            stages:
              - assemble: sequential
                target_chars: 2500
              - generic: passthrough
                delay_ms: 20
                concurrency: 2
            """);

        var reference = Path.Combine(dir, "reference");
        var (refCode, _, refErr) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", reference);
        refCode.Should().Be(0, refErr);

        var crashed = Path.Combine(dir, "crashed");
        using (var process = Process.Start(MidtrainCli.StartInfo(dir, "run", pipeline, "--out", crashed))!)
        {
            var journal = Path.Combine(crashed, "journal.jsonl");
            var watch = Stopwatch.StartNew();
            while (!(File.Exists(journal) && File.ReadLines(journal).Count() > 40) && watch.Elapsed < Timeout && !process.HasExited)
            {
                await Task.Delay(20);
            }

            process.HasExited.Should().BeFalse("the run must still be going when it is killed");
            process.Kill(entireProcessTree: true); // SIGKILL
            await process.WaitForExitAsync();
        }

        Endings(crashed).Count.Should().BeLessThan(keys.Count, "the run was killed before the end");
        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", pipeline, "--out", crashed, "--resume");

        code.Should().Be(0, err);
        var endings = Endings(crashed);
        endings.Keys.Should().BeEquivalentTo(keys);
        endings.Values.Should().OnlyContain(n => n == 1, "no document lost or placed twice");
        MidtrainCli.Ids(Path.Combine(crashed, "accepted.jsonl")).Should().BeEquivalentTo(MidtrainCli.Ids(Path.Combine(reference, "accepted.jsonl")));
        MidtrainCli.RootCounts(crashed).Values.Should().OnlyContain(n => n == 1, "each context and each rejected document has one line");
        File.ReadAllText(Path.Combine(crashed, "manifest.json")).Should().Contain("\"status\": \"completed\"").And.Contain("\"records_done\": 2000");
        Directory.Delete(dir, true);
    }

    /// <summary>How many times each input record ends: as a document of an accepted context, or as its own rejected line.</summary>
    private static Dictionary<string, int> Endings(string runDir)
    {
        var endings = new Dictionary<string, int>();
        foreach (var context in Lines(Path.Combine(runDir, "accepted.jsonl")))
        {
            foreach (var id in context["documents"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()))
            {
                endings[id] = endings.GetValueOrDefault(id) + 1;
            }
        }

        foreach (var id in MidtrainCli.Ids(Path.Combine(runDir, "rejected.jsonl")))
        {
            endings[id] = endings.GetValueOrDefault(id) + 1;
        }

        return endings;
    }
}
