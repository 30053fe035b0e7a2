using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Testing.Corpora;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// The FineWeb-Edu loop through the real CLI on the tiny model: a judge labels a sample of the corpus, a classifier is
/// trained on the labels, and the classifier scores the whole corpus (as a pipeline stage with --limit and --resume,
/// and with `classifier apply`). The tiny judge's labels are meaningless, so this checks the mechanics and the
/// accounting, not the classifier's quality (the unit tests do that on planted labels).
/// </summary>
public sealed class ClassifierLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private static List<JsonNode> Lines(string path) => File.Exists(path) ? File.ReadLines(path).Select(l => JsonNode.Parse(l)!).ToList() : [];

    [Fact]
    public async Task AnnotateTrainApply_TinyJudge_EveryDocumentScoredExactlyOnceAcrossResume()
    {
        var dir = TestPaths.NewTempDir("midtrain-classifier-loop");
        var documents = PlantedQualityCorpus.Generate(400, seed: 17, targetChars: 200);
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), documents.Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text })));
        File.WriteAllText(Path.Combine(dir, "annotate.yaml"), """
            name: annotate
            seed: 1
            input:
              path: corpus.jsonl
              sample: {n: 200, seed: 5}
            models:
              judge: {provider: llama, path: tiny, context: 8192, parallel: 8, threads: 2, max_tokens: 48}
            stages:
              - judge: [educational_value]
                model: judge
                min_score: 0
                max_field_chars: 16
                max_attempts: 2
            """);
        File.WriteAllText(Path.Combine(dir, "apply.yaml"), """
            name: apply
            input: {path: corpus.jsonl}
            stages:
              - filter: quality
                model: edu.mtc
                min_score: 1
            """);

        // 1. Annotate a 200-document sample.
        var annotated = Path.Combine(dir, "annotated");
        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", "annotate.yaml", "--out", annotated);
        code.Should().BeOneOf([0, 1], err);
        var sampled = MidtrainCli.RootCounts(annotated);
        sampled.Should().HaveCount(200).And.OnlyContain(p => p.Value == 1);
        var labels = Lines(Path.Combine(annotated, "judgements.jsonl"));
        labels.Should().HaveCountGreaterThan(150, "most tiny-model judgements parse under the grammar");
        labels.Select(l => l["item"]!.GetValue<string>()).Should().OnlyHaveUniqueItems().And.BeSubsetOf(sampled.Keys);

        // 2. Train on the labels joined to the corpus by document id.
        (code, var stdout, err) = await MidtrainCli.RunAsync(dir, Timeout, "classifier", "train", "--labels", Path.Combine(annotated, "judgements.jsonl"),
            "--corpus", "corpus.jsonl", "--criterion", "educational_value", "--out", "edu.mtc", "--json", "--bits", "16");
        code.Should().Be(0, err);
        var report = JsonNode.Parse(stdout)!;
        report["labelled_items"]!.GetValue<int>().Should().Be(labels.Count);
        report["items_without_text"]!.GetValue<long>().Should().Be(0);
        report["metrics"]!["n"]!.GetValue<int>().Should().Be(report["test_items"]!.GetValue<int>());
        report["metrics"]!["agreement_binary"]!["vs_gold"]!["gold"]!.GetValue<string>().Should().Be("judge");
        err.Should().Contain("held out").And.Contain("Spearman");

        // 3. Score the whole corpus in a pipeline, interrupted by --limit and finished with --resume.
        var scored = Path.Combine(dir, "scored");
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", "apply.yaml", "--out", scored, "--limit", "150");
        code.Should().Be(0, err);
        MidtrainCli.RootCounts(scored).Should().HaveCount(150);
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "run", "apply.yaml", "--out", scored, "--resume");
        code.Should().Be(0, err);
        var counts = MidtrainCli.RootCounts(scored);
        counts.Keys.Should().BeEquivalentTo(documents.Select(d => d.Id));
        counts.Values.Should().OnlyContain(c => c == 1, "every document is scored exactly once across the resume");
        var stageScores = Lines(Path.Combine(scored, "accepted.jsonl")).Concat(Lines(Path.Combine(scored, "rejected.jsonl")))
            .ToDictionary(l => l["id"]!.GetValue<string>(), l => l["metadata"]!["quality_score"]!.GetValue<double>());
        Lines(Path.Combine(scored, "accepted.jsonl")).Should().OnlyContain(l => l["metadata"]!["quality_score"]!.GetValue<double>() >= 1);

        // 4. The same scores from `classifier apply` over the file.
        (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "classifier", "apply", "--model", "edu.mtc", "--in", "corpus.jsonl",
            "--out", "kept.jsonl", "--rejected", "dropped.jsonl", "--min-score", "1");
        code.Should().Be(0, err);
        var fileScores = Lines(Path.Combine(dir, "kept.jsonl")).Concat(Lines(Path.Combine(dir, "dropped.jsonl")))
            .ToDictionary(l => l["id"]!.GetValue<string>(), l => l["quality_score"]!.GetValue<double>());
        fileScores.Should().HaveCount(400);
        foreach (var (id, score) in fileScores)
        {
            score.Should().BeApproximately(stageScores[id], 1e-9, id);
        }

        err.Should().Contain("classifier apply: 400 lines");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ClassifierApply_NotAModel_ExitsTwoNamingTheFlagAndTheProblem()
    {
        var dir = TestPaths.NewTempDir("midtrain-classifier-cli");
        File.WriteAllText(Path.Combine(dir, "bad.mtc"), "nope");
        File.WriteAllText(Path.Combine(dir, "in.jsonl"), "{\"text\": \"x\"}\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "classifier", "apply", "--model", "bad.mtc", "--in", "in.jsonl", "--out", "out.jsonl");

        code.Should().Be(2);
        err.Should().Contain("--model: bad.mtc: not a MidTrain classifier model");
    }

    [Fact]
    public async Task ClassifierTrain_NoLabelsOfTheCriterion_ExitsTwo()
    {
        var dir = TestPaths.NewTempDir("midtrain-classifier-cli");
        File.WriteAllText(Path.Combine(dir, "labels.jsonl"), "{\"item\": \"a\", \"rater\": \"judge/answerable\", \"label\": 3}\n");
        File.WriteAllText(Path.Combine(dir, "corpus.jsonl"), "{\"id\": \"a\", \"text\": \"x\"}\n");

        var (code, _, err) = await MidtrainCli.RunAsync(dir, Timeout, "classifier", "train", "--labels", "labels.jsonl", "--corpus", "corpus.jsonl", "--criterion", "educational_value", "--out", "m.mtc");

        code.Should().Be(2);
        err.Should().Contain("no numeric labels of criterion 'educational_value'");
    }
}
