using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

public sealed class AssemblePipelineTests
{
    private static readonly string[] Topics = ["harbour", "meadow", "foundry", "observatory"];

    private static (string Dir, string Corpus) WriteCorpus(int documents, int seed = 1)
    {
        var dir = TestPaths.NewTempDir("midtrain-assemble");
        var random = new Random(seed);
        var lines = new List<string>();
        for (var i = 0; i < documents; i++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var text = new StringBuilder();
            var sentences = random.Next(4, 30);
            for (var s = 0; s < sentences; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"The {topic} record {i} notes event {s} in the year {1700 + random.Next(300)}. ");
            }

            lines.Add(JsonSerializer.Serialize(new { id = $"doc{i:D4}", text = text.ToString().Trim(), topic, language = "en" }));
        }

        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), lines);
        return (dir, Path.Combine(dir, "corpus.jsonl"));
    }

    private static PipelineConfig Config(string dir, string stages)
    {
        var path = Path.Combine(dir, $"p{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            name: assemble-test
            seed: 3
            input:
              path: corpus.jsonl
            stages:
            {stages}
            """);
        return PipelineConfigLoader.Load(path);
    }

    private static List<JsonNode> Lines(string runDir, string file) =>
        File.Exists(Path.Combine(runDir, file)) ? File.ReadAllLines(Path.Combine(runDir, file)).Select(l => JsonNode.Parse(l)!).ToList() : [];

    /// <summary>How many times each input record ends: in an accepted context's documents, or as its own rejected/failed line.</summary>
    private static Dictionary<string, int> Endings(string runDir)
    {
        var endings = new Dictionary<string, int>();
        void Add(string key) => endings[key] = endings.GetValueOrDefault(key) + 1;
        foreach (var context in Lines(runDir, RunFiles.Accepted))
        {
            foreach (var id in context["documents"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()).Distinct())
            {
                Add(id);
            }
        }

        foreach (var rejected in Lines(runDir, RunFiles.Rejected))
        {
            Add(rejected["id"]!.GetValue<string>());
        }

        foreach (var failed in Lines(runDir, RunFiles.Failed))
        {
            Add(failed["root"]!.GetValue<string>());
        }

        return endings;
    }

    [Fact]
    public async Task Run_AssembleSimilarWithinKey_ContextsJournaledWithTheirMembersAndEveryDocumentEndsOnce()
    {
        var (dir, _) = WriteCorpus(200);
        var config = Config(dir, """
              - assemble: similar
                key: topic
                target_chars: 6000
                window: 2
            """);
        var runDir = Path.Combine(dir, "out");

        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }).RunAsync(), TimeSpan.FromSeconds(30), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var contexts = Lines(runDir, RunFiles.Accepted);
        contexts.Should().HaveCountGreaterThan(10);
        foreach (var context in contexts)
        {
            context["id"]!.GetValue<string>().Should().StartWith("ctx-");
            context["grouping"]!.GetValue<string>().Should().Be("similar");
            Topics.Should().Contain(context["partition"]!.GetValue<string>());
            context["text"]!.GetValue<string>().Length.Should().Be(context["chars"]!.GetValue<int>()).And.BeLessThanOrEqualTo(6000);
        }

        var endings = Endings(runDir);
        endings.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 200).Select(i => $"doc{i:D4}"));
        endings.Values.Should().OnlyContain(n => n == 1);
        Lines(runDir, RunFiles.Rejected).Should().OnlyContain(r => r["rejection"]!["reason"]!.GetValue<string>().StartsWith("too little text left", StringComparison.Ordinal));

        var journal = Lines(runDir, RunFiles.Journal);
        journal.Where(j => j["groups"] is not null).Select(j => j["groups"]![0]!.GetValue<string>()).Should().BeEquivalentTo(contexts.Select(c => c["id"]!.GetValue<string>()));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, RunFiles.Manifest)))!;
        manifest["counts"]!["records_done"]!.GetValue<long>().Should().Be(200);
        var report = manifest["stages"]![0]!["report"]!;
        report["contexts"]!.GetValue<long>().Should().Be(contexts.Count);
        report["unit"]!.GetValue<string>().Should().Be("chars");
        report["documents_per_context"]!.AsObject().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Run_CancelledThenResumed_EveryDocumentEndsOnceAndContextsEqualAnUninterruptedRun()
    {
        var (dir, _) = WriteCorpus(400, seed: 2);
        const string stages = """
              - assemble: sequential
                target_chars: 3000
              - generic: passthrough
                delay_ms: 15
                concurrency: 2
            """;
        var reference = Path.Combine(dir, "reference");
        var done = await Deadline.Within(new PipelineRunner(new RunRequest { Config = Config(dir, stages), OutputDirectory = reference }).RunAsync(), TimeSpan.FromSeconds(60), "reference run");
        done.Status.Should().Be(RunStatus.Completed, done.Message);

        var runDir = Path.Combine(dir, "out");
        var config = Config(dir, stages);
        using (var cts = new CancellationTokenSource())
        {
            var run = new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir }).RunAsync(cancellationToken: cts.Token);
            await Deadline.Until(() => Lines(runDir, RunFiles.Journal).Count(j => j["groups"] is not null) >= 5, TimeSpan.FromSeconds(30));
            await cts.CancelAsync();
            (await Deadline.Within(run, TimeSpan.FromSeconds(30), "cancelled run")).Status.Should().Be(RunStatus.Cancelled);
        }

        Endings(runDir).Count.Should().BeLessThan(400, "the run was cancelled before the end");
        var resumed = await Deadline.Within(new PipelineRunner(new RunRequest { Config = config, OutputDirectory = runDir, Resume = true }).RunAsync(), TimeSpan.FromSeconds(60), "resumed run");

        resumed.Status.Should().Be(RunStatus.Completed, resumed.Message);
        var endings = Endings(runDir);
        endings.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 400).Select(i => $"doc{i:D4}"));
        endings.Values.Should().OnlyContain(n => n == 1, "no document lost or placed twice");
        Lines(runDir, RunFiles.Accepted).Select(c => c["id"]!.GetValue<string>())
            .Should().BeEquivalentTo(Lines(reference, RunFiles.Accepted).Select(c => c["id"]!.GetValue<string>()), "sequential assembly rebuilds the same contexts");
    }

    [Theory]
    [InlineData("- assemble: clustered\n    target_chars: 3000", "unknown assembly mode 'clustered' (known: sequential, similar, random)")]
    [InlineData("- assemble: sequential\n    target_chars: 3000\n    target_tokens: 100", "give exactly one of target_tokens (with a tokenizer) and target_chars")]
    [InlineData("- assemble: random\n    target_tokens: 3000", "needs a tokenizer")]
    [InlineData("- assemble: random\n    target_chars: 3000\n    tokenizer: tiny", "tokenizer': counts tokens for target_tokens")]
    [InlineData("- assemble: sequential\n    target_chars: 3000\n    windw: 2", "unknown key")]
    public async Task Run_BadAssembleStage_IsAConfigErrorNamingTheProblem(string stage, string message)
    {
        var (dir, _) = WriteCorpus(3);
        var outcome = await new PipelineRunner(new RunRequest { Config = Config(dir, "  " + stage), OutputDirectory = Path.Combine(dir, "out") }).RunAsync();

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain(message);
    }

    [Fact]
    public async Task Run_AssembleAfterAGenerator_ChainErrorNamesBothInputTypes()
    {
        var (dir, _) = WriteCorpus(3);
        var config = Config(dir, """
              - assemble: sequential
                target_chars: 3000
              - assemble: sequential
                target_chars: 3000
            """);

        var outcome = await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, "out") }).RunAsync();

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain("stage 2 'assemble:sequential' needs Document or Passage input but receives LongContext");
    }
}
