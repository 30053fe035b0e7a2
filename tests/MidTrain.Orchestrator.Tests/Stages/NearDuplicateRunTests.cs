using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

/// <summary>
/// Near-duplicate removal gives the same kept set whatever the concurrency, an interruption and resume, or the shard
/// count (with merge): a scripted model writes questions from few templates, so many collide across passages.
/// </summary>
public sealed class NearDuplicateRunTests : IDisposable
{
    private const int Documents = 60;

    private static readonly string[] Templates =
    [
        "What does the text say about {0}?",
        "What does this text say about {0} exactly?",
        "Why is {0} important according to the passage?",
        "Why is {0} so important according to this passage?",
        "How did {0} change over the years described here?",
        "Summarise the history of {0}.",
    ];

    private static readonly string[] Topics = ["the lighthouse", "the harbour", "the old mill", "the observatory"];

    private readonly string _dir = TestPaths.NewTempDir("midtrain-dedup-run");

    public void Dispose() => Directory.Delete(_dir, true);

    private string Pipeline(int concurrency, int delayMs = 2)
    {
        var corpus = Path.Combine(_dir, "corpus.jsonl");
        if (!File.Exists(corpus))
        {
            File.WriteAllLines(corpus, Enumerable.Range(0, Documents).Select(i => JsonSerializer.Serialize(new
            {
                id = $"doc{i:D3}",
                text = $"Document {i} tells the story of topic {i % Topics.Length}. It has several sentences about its builders and keepers over {i} years.",
                language = "en",
            })));
        }

        var path = Path.Combine(_dir, $"p{concurrency}-{delayMs}.yaml");
        File.WriteAllText(path, $"""
            name: dedup
            seed: 9
            input:
              path: corpus.jsonl
            models:
              teacher:
                provider: openai
                endpoint: http://127.0.0.1:1/v1
                model: colliding
            stages:
              - chunk: {"{"} max_chars: 400, min_chars: 20 {"}"}
              - generate: backtranslation
                model: teacher
                per_passage: 3
                concurrency: {concurrency}
              - generic: passthrough
                concurrency: {concurrency}
                delay_ms: {delayMs}
            """);
        return path;
    }

    /// <summary>Questions from (passage topic, seed) only, never from the call order.</summary>
    private static ScriptedChatClient Colliding(string name, ConfigMapping definition) => new((messages, options, _) =>
    {
        var prompt = messages[^1].Text;
        var marker = prompt.IndexOf("topic ", StringComparison.Ordinal);
        var topic = marker < 0 ? 0 : prompt[marker + 6] - '0';
        var seed = (ulong)options!.Seed!.Value;
        var text = string.Format(CultureInfo.InvariantCulture, Templates[(int)(seed % (ulong)Templates.Length)], Topics[topic % Topics.Length]);
        return JsonSerializer.Serialize(new { question = seed / 7 % 3 == 0 ? text + " Please be brief." : text });
    }, "colliding")
    {
        Identity = new ModelIdentity(name, "colliding", "test:colliding", "openai"),
    };

    private async Task<string> RunAsync(int concurrency, string name, Shard? shard = null, bool resume = false, CancellationToken cancellationToken = default, int delayMs = 2)
    {
        var request = new RunRequest { Config = PipelineConfigLoader.Load(Pipeline(concurrency, delayMs)), OutputDirectory = Path.Combine(_dir, name), Shard = shard, Resume = resume };
        var outcome = await Deadline.Within(new PipelineRunner(request, modelFactory: Colliding).RunAsync(cancellationToken: cancellationToken), TimeSpan.FromSeconds(60), "run");
        if (!cancellationToken.IsCancellationRequested)
        {
            outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        }

        return request.RunDirectory;
    }

    private static List<string> Ids(string dir, string file) =>
        File.ReadAllLines(Path.Combine(dir, file)).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Run_ConcurrencyResumeAndShards_IdenticalAcceptedAndRejectedSets()
    {
        var sequential = await RunAsync(1, "c1");
        var concurrent = await RunAsync(16, "c16");

        // Cut short (cancelled mid-run, some records unjournaled), then resumed.
        using (var cut = new CancellationTokenSource())
        {
            var journal = Path.Combine(_dir, "resumed", RunFiles.Journal);
            var watch = Task.Run(async () =>
            {
                // Bounded: should the run end before ten records are journaled, the assertion below says so (no hang).
                await Deadline.Until(() => File.Exists(journal) && File.ReadAllLines(journal).Length >= 10, TimeSpan.FromSeconds(60));
                await cut.CancelAsync();
            });
            await RunAsync(16, "resumed", cancellationToken: cut.Token, delayMs: 100);
            await watch;
        }

        File.ReadAllLines(Path.Combine(_dir, "resumed", RunFiles.Journal)).Length.Should().BeLessThan(Documents, "the run was cut short");
        var resumed = await RunAsync(16, "resumed", resume: true, delayMs: 100);

        for (var i = 0; i < 3; i++)
        {
            await RunAsync(16, "sharded", new Shard(i, 3));
        }

        var merged = Path.Combine(_dir, "merged");
        new RunMerger().Merge(RunMerger.FindRunDirectories([Path.Combine(_dir, "sharded")]), merged);

        var accepted = Ids(sequential, RunFiles.Accepted);
        accepted.Count.Should().BeInRange(10, Documents * 3 / 2, "the questions collide: many are removed, some stay");
        foreach (var other in new[] { concurrent, resumed, merged })
        {
            Ids(other, RunFiles.Accepted).Should().Equal(accepted, $"{Path.GetFileName(other)} keeps the same samples");
            Ids(other, RunFiles.Rejected).Should().Equal(Ids(sequential, RunFiles.Rejected), $"{Path.GetFileName(other)} rejects the same samples");
        }

        var mergedManifest = JsonNode.Parse(File.ReadAllText(Path.Combine(merged, RunFiles.Manifest)))!;
        mergedManifest["settlement"]!["moved_from_accepted"]!.GetValue<long>().Should().BeGreaterThan(0, "each shard kept duplicates of other shards' questions");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(resumed, RunFiles.Manifest)))!;
        manifest["counts"]!["accepted"]!.GetValue<long>().Should().Be(accepted.Count);
        manifest["stages"]![1]!["report"]!["near_duplicates"]!["clusters"]!.GetValue<long>().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Dedup_TwoRunsOfTheSameCorpus_OneCopyOfEachClusterAcrossBoth()
    {
        var a = await RunAsync(4, "a");
        var b = await RunAsync(4, "b");

        var manifest = new RunMerger().Deduplicate([a, b], Path.Combine(_dir, "both"));

        Ids(Path.Combine(_dir, "both"), RunFiles.Accepted).Should().Equal(Ids(a, RunFiles.Accepted), "run b made the same samples, so every one of them duplicates run a's");
        manifest["counts"]!["rejected"]!.GetValue<long>().Should().Be(Ids(a, RunFiles.Rejected).Count * 2 + Ids(a, RunFiles.Accepted).Count);
    }
}
