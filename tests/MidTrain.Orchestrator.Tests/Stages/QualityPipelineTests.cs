using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Model;
using MidTrain.Classifiers.Training;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using MidTrain.Testing.Corpora;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Stages;

/// <summary>The classifier loop in pipelines: a sampled corpus labelled by a judge, and the quality filter.</summary>
public sealed class QualityPipelineTests
{
    private static readonly IReadOnlyList<PlantedDocument> Documents = PlantedQualityCorpus.Generate(60, seed: 21, targetChars: 400);

    private static (string Dir, string Corpus) Corpus()
    {
        var dir = TestPaths.NewTempDir("midtrain-quality");
        var corpus = Path.Combine(dir, "corpus.jsonl");
        File.WriteAllLines(corpus, Documents.Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text, source = "planted" })));
        return (dir, corpus);
    }

    private static PipelineConfig Write(string dir, string yaml)
    {
        var path = Path.Combine(dir, $"p{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return PipelineConfigLoader.Load(path);
    }

    // The scripted judge gives the planted label of the document it reads.
    private static ScriptedChatClient Judge(string name, ConfigMapping definition) => new((messages, _, _) =>
    {
        var prompt = messages[^1].Text;
        var document = Documents.First(d => prompt.Contains(d.Text, StringComparison.Ordinal));
        return JsonSerializer.Serialize(new { rationale = "scripted", score = document.Label });
    });

    private const string Annotate = """
        name: annotate
        seed: 3
        input:
          path: corpus.jsonl
          sample: {n: 20, seed: 7}
        models:
          judge: {provider: openai, endpoint: http://127.0.0.1:1/v1, model: fake}
        stages:
          - judge: [educational_value]
            model: judge
            min_score: 0
        """;

    private static List<JsonNode> Lines(string path) => File.Exists(path) ? File.ReadLines(path).Select(l => JsonNode.Parse(l)!).ToList() : [];

    private static List<string> OutputIds(string runDir) =>
        Lines(Path.Combine(runDir, "accepted.jsonl")).Concat(Lines(Path.Combine(runDir, "rejected.jsonl"))).Select(l => l["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Run_JudgeOverASampledCorpus_LabelsEachSampledDocumentOnceByItsId()
    {
        var (dir, _) = Corpus();
        var run = Path.Combine(dir, "out");

        var outcome = await Deadline.Within(new PipelineRunner(new RunRequest { Config = Write(dir, Annotate), OutputDirectory = run }, modelFactory: Judge).RunAsync(), TimeSpan.FromSeconds(60), "run");

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var ids = OutputIds(run);
        ids.Should().HaveCount(20).And.OnlyHaveUniqueItems().And.BeSubsetOf(Documents.Select(d => d.Id));
        var sample = Lines(Path.Combine(run, "accepted.jsonl"))[0];
        sample["source"]!["text"]!.GetValue<string>().Should().Be(Documents.Single(d => d.Id == sample["id"]!.GetValue<string>()).Text);
        sample["fields"]!["source"]!.GetValue<string>().Should().Be("planted", "document metadata travels in the sample's fields");
        var labels = Lines(Path.Combine(run, "judgements.jsonl"));
        labels.Select(l => l["item"]!.GetValue<string>()).Should().BeEquivalentTo(ids);
        labels.Should().OnlyContain(l => l["rater"]!.GetValue<string>() == "judge/educational_value"
            && l["label"]!.GetValue<int>() == Documents.Single(d => d.Id == l["item"]!.GetValue<string>()).Label);
    }

    [Fact]
    public async Task Run_SampleSharded_ShardsTogetherHoldExactlyTheUnshardedSample()
    {
        var (dir, _) = Corpus();
        var config = Write(dir, Annotate);
        var whole = Path.Combine(dir, "whole");
        (await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = whole }, modelFactory: Judge).RunAsync()).Status.Should().Be(RunStatus.Completed);

        var sharded = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var request = new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, "sharded"), Shard = new Shard(i, 3) };
            (await new PipelineRunner(request, modelFactory: Judge).RunAsync()).Status.Should().Be(RunStatus.Completed);
            sharded.AddRange(OutputIds(request.RunDirectory));
        }

        sharded.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(OutputIds(whole));
    }

    [Fact]
    public async Task Run_SampleWithLimitThenResumeWithoutIt_LimitIsANestedSampleAndResumeCompletesItOnce()
    {
        var (dir, _) = Corpus();
        var config = Write(dir, Annotate);
        var full = Path.Combine(dir, "full");
        (await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = full }, modelFactory: Judge).RunAsync()).Status.Should().Be(RunStatus.Completed);
        var run = Path.Combine(dir, "limited");

        var first = await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = run, Limit = 8 }, modelFactory: Judge).RunAsync();
        var partial = OutputIds(run);
        var resumed = await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = run, Resume = true }, modelFactory: Judge).RunAsync();

        first.Status.Should().Be(RunStatus.Completed, first.Message);
        partial.Should().HaveCount(8).And.BeSubsetOf(OutputIds(full));
        resumed.Status.Should().Be(RunStatus.Completed, resumed.Message);
        OutputIds(run).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(OutputIds(full));
        Lines(Path.Combine(run, "judgements.jsonl")).Should().HaveCount(20, "a resumed run never duplicates a label");
    }

    [Fact]
    public async Task Run_QualityFilter_ScoresEveryDocumentOnceKeepsByThresholdAndWritesTheScore()
    {
        var (dir, _) = Corpus();
        var training = PlantedQualityCorpus.Generate(600, seed: 5, targetChars: 400).Select(d => new LabelledText(d.Id, d.Text, d.Label)).ToList();
        var trained = ClassifierTrainer.Train(training, "educational_value", new ClassifierTrainingOptions { LabelMin = 0, LabelMax = 5, Bootstrap = 0 });
        ClassifierModelFile.Write(Path.Combine(dir, "edu.mtc"), trained.Model);
        var run = Path.Combine(dir, "out");
        var config = Write(dir, """
            input: {path: corpus.jsonl}
            stages:
              - filter: quality
                model: edu.mtc
                min_score: 2.5
            """);

        var outcome = await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = run }).RunAsync();

        outcome.Status.Should().Be(RunStatus.Completed, outcome.Message);
        var accepted = Lines(Path.Combine(run, "accepted.jsonl"));
        var rejected = Lines(Path.Combine(run, "rejected.jsonl"));
        accepted.Concat(rejected).Select(l => l["id"]!.GetValue<string>()).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Documents.Select(d => d.Id));
        accepted.Should().NotBeEmpty().And.OnlyContain(l => l["metadata"]!["quality_score"]!.GetValue<double>() >= 2.5);
        rejected.Should().NotBeEmpty().And.OnlyContain(l => l["metadata"]!["quality_score"]!.GetValue<double>() < 2.5
            && l["rejection"]!["by"]!.GetValue<string>() == "quality" && l["rejection"]!["evidence"]!["min_score"]!.GetValue<double>() == 2.5);
        accepted.Should().OnlyContain(l => l["metadata"]!["source"]!.GetValue<string>() == "planted");
        var meanKept = accepted.Average(l => Documents.Single(d => d.Id == l["id"]!.GetValue<string>()).Quality);
        var meanRejected = rejected.Average(l => Documents.Single(d => d.Id == l["id"]!.GetValue<string>()).Quality);
        meanKept.Should().BeGreaterThan(meanRejected + 1, "the classifier ranks by the planted quality");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["stages"]![0]!["report"]!;
        report["counters"]!["checked"]!.GetValue<long>().Should().Be(60);
        report["counters"]!["kept"]!.GetValue<long>().Should().Be(accepted.Count);
        report["parameters"]!["criterion"]!.GetValue<string>().Should().Be("educational_value");
    }

    [Fact]
    public async Task Run_QualityFilterWithACorruptModel_IsAConfigErrorNamingTheKeyAndTheProblem()
    {
        var (dir, _) = Corpus();
        File.WriteAllText(Path.Combine(dir, "bad.mtc"), "not a model");
        var config = Write(dir, """
            input: {path: corpus.jsonl}
            stages:
              - filter: quality
                model: bad.mtc
            """);

        var outcome = await new PipelineRunner(new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, "out") }).RunAsync();

        outcome.Status.Should().Be(RunStatus.Invalid);
        outcome.Message.Should().Contain("stages[0].model").And.Contain("not a MidTrain classifier model");
    }
}
