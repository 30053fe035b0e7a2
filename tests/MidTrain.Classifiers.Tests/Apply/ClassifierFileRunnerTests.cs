using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Apply;
using MidTrain.Classifiers.Model;
using MidTrain.Classifiers.Training;
using MidTrain.Testing.Corpora;
using MidTrain.Tests;

namespace MidTrain.Classifiers.Tests.Apply;

public sealed class ClassifierFileRunnerTests
{
    private static readonly Lazy<ClassifierModel> Trained = new(() =>
    {
        var data = PlantedQualityCorpus.Generate(500, seed: 8, targetChars: 500).Select(d => new LabelledText(d.Id, d.Text, d.Label)).ToList();
        var options = new ClassifierTrainingOptions { LabelMin = 0, LabelMax = 5, Bootstrap = 0 };
        options.Features.Bits = 16;
        return ClassifierTrainer.Train(data, "educational_value", options).Model;
    });

    [Fact]
    public async Task RunAsync_ScoresEveryLineOnceInOrderKeepsByThresholdAndKeepsTheLinesBytes()
    {
        var dir = TestPaths.NewTempDir("midtrain-apply");
        var input = Path.Combine(dir, "in.jsonl");
        var documents = PlantedQualityCorpus.Generate(1000, seed: 30, targetChars: 300);
        var lines = documents.Select(d => JsonSerializer.Serialize(new { id = d.Id, meta = new { n = 1 }, text = d.Text })).ToList();
        lines.Insert(10, "not json");
        lines.Insert(20, """{"id": "no-text"}""");
        lines.Insert(30, """{"id": "empty-object-text", "text": ""}""");
        File.WriteAllLines(input, lines);
        using var classifier = QualityClassifier.FromModel(Trained.Value);
        var output = Path.Combine(dir, "out.jsonl");
        var rejected = Path.Combine(dir, "rejected.jsonl");

        var summary = await ClassifierFileRunner.RunAsync(classifier, input, output, new ClassifierApplyOptions { RejectedPath = rejected, MinScore = 2.5, Concurrency = 3, BatchLines = 37 });

        summary.Lines.Should().Be(1003);
        summary.Bad.Should().Be(2);
        (summary.Kept + summary.Rejected + summary.Bad).Should().Be(summary.Lines);
        summary.BadExamples.Should().Contain(e => e.Contains("in.jsonl:11: invalid JSON")).And.Contain(e => e.Contains("field 'text': missing"));
        var kept = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        var dropped = File.ReadAllLines(rejected).Select(l => JsonNode.Parse(l)!).ToList();
        kept.Should().HaveCount((int)summary.Kept).And.OnlyContain(l => l["quality_score"]!.GetValue<double>() >= 2.5);
        dropped.Where(l => l["quality_error"] is null).Should().HaveCount((int)summary.Rejected).And.OnlyContain(l => l["quality_score"]!.GetValue<double>() < 2.5);
        var ids = kept.Concat(dropped).Where(l => l["id"] is not null).Select(l => l["id"]!.GetValue<string>()).ToList();
        ids.Should().OnlyHaveUniqueItems().And.HaveCount(1001);
        kept.Select(l => l["id"]!.GetValue<string>()).Should().BeInAscendingOrder(StringComparer.Ordinal, "input order is kept");
        foreach (var line in kept.Take(50))
        {
            var document = documents.Single(d => d.Id == line["id"]!.GetValue<string>());
            line["text"]!.GetValue<string>().Should().Be(document.Text);
            line["meta"]!["n"]!.GetValue<int>().Should().Be(1);
            line["quality_score"]!.GetValue<double>().Should().BeApproximately(classifier.Score(document.Text), 1e-4);
        }
    }

    [Fact]
    public async Task RunAsync_LineAlreadyScored_ReplacesTheScoreInsteadOfDuplicatingTheField()
    {
        var dir = TestPaths.NewTempDir("midtrain-apply");
        var input = Path.Combine(dir, "in.jsonl");
        File.WriteAllLines(input, ["""{"text": "the theorem and the proof of the equation", "quality_score": 99}""", """{}"""]);
        using var classifier = QualityClassifier.FromModel(Trained.Value);
        var output = Path.Combine(dir, "out.jsonl");

        var summary = await ClassifierFileRunner.RunAsync(classifier, input, output, new ClassifierApplyOptions { MinScore = 0 });

        summary.Kept.Should().Be(1);
        summary.Bad.Should().Be(1);
        var line = File.ReadAllLines(output).Single();
        line.Split("quality_score").Should().HaveCount(2, "one quality_score field");
        JsonNode.Parse(line)!["quality_score"]!.GetValue<double>().Should().BeLessThanOrEqualTo(5);
    }

    [Fact]
    public async Task RunAsync_EscapedAndRawUnicodeTexts_ScoreExactlyAsTheDecodedText()
    {
        var dir = TestPaths.NewTempDir("midtrain-apply");
        var input = Path.Combine(dir, "in.jsonl");
        string[] texts =
        [
            "the theorem and the proof",
            "Caf\u00e9 th\u00e9or\u00e8me \"quoted\" proof\nnext line",
            "Привет мир, the equation of 北京 😀 evidence",
            new string('x', 70) + " theorem " + new string('y', 63) + "é",
        ];
        // Each text twice: escaped as System.Text.Json does by default (non-ASCII as \uXXXX), and raw UTF-8.
        var raw = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllLines(input, texts.SelectMany(t => new[] { JsonSerializer.Serialize(new { text = t }), JsonSerializer.Serialize(new { text = t }, raw) }));
        using var classifier = QualityClassifier.FromModel(Trained.Value);
        var output = Path.Combine(dir, "out.jsonl");

        await ClassifierFileRunner.RunAsync(classifier, input, output, new ClassifierApplyOptions { MinScore = double.MinValue });

        var scores = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!["quality_score"]!.GetValue<double>()).ToList();
        scores.Should().Equal(texts.SelectMany(t => new[] { Math.Round(classifier.Score(t), 4), Math.Round(classifier.Score(t), 4) }));
    }

    [Fact]
    public async Task RunAsync_EscapedLoneSurrogate_IsABadLineAndTheRunGoesOn()
    {
        var dir = TestPaths.NewTempDir("midtrain-apply");
        var input = Path.Combine(dir, "in.jsonl");
        File.WriteAllLines(input, ["""{"text": "broken \ud800 text"}""", """{"text": "the theorem"}"""]);
        using var classifier = QualityClassifier.FromModel(Trained.Value);
        var rejected = Path.Combine(dir, "rejected.jsonl");

        var summary = await ClassifierFileRunner.RunAsync(classifier, input, Path.Combine(dir, "out.jsonl"), new ClassifierApplyOptions { MinScore = double.MinValue, RejectedPath = rejected });

        summary.Bad.Should().Be(1);
        summary.Kept.Should().Be(1);
        summary.BadExamples.Should().ContainSingle().Which.Should().Contain("in.jsonl:1: field 'text'");
    }

    [Fact]
    public async Task RunAsync_SmallBatchesReusedOnSeveralCores_WriteTheSameBytesAsOneBatch()
    {
        var dir = TestPaths.NewTempDir("midtrain-apply");
        var input = Path.Combine(dir, "in.jsonl");
        var lines = PlantedQualityCorpus.Generate(400, seed: 31, targetChars: 200).Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text })).ToList();
        lines.Insert(7, "[1]");
        File.WriteAllLines(input, lines);
        using var classifier = QualityClassifier.FromModel(Trained.Value);
        async Task<(string Kept, string Rejected)> RunAsync(string name, int concurrency, int batchLines)
        {
            var output = Path.Combine(dir, name + ".jsonl");
            var rejected = Path.Combine(dir, name + ".rejected.jsonl");
            await ClassifierFileRunner.RunAsync(classifier, input, output, new ClassifierApplyOptions { MinScore = 2.5, RejectedPath = rejected, Concurrency = concurrency, BatchLines = batchLines });
            return (await File.ReadAllTextAsync(output), await File.ReadAllTextAsync(rejected));
        }

        var one = await RunAsync("one", 1, 100_000);
        var small = await RunAsync("small", 3, 7);

        small.Kept.Should().Be(one.Kept);
        small.Rejected.Should().Be(one.Rejected);
        one.Kept.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.Should().BeGreaterThan(0);
        one.Rejected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.Should().BeGreaterThan(1);
    }
}
