using System.Text.Json;
using MidTrain.Core.Records;
using MidTrain.Judges.Labels;
using MidTrain.Tests;

namespace MidTrain.Judges.Tests.Labels;

public sealed class JudgementLabelWriterTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Judgement J(string judge, string criterion, double? score) =>
        new() { Judge = judge, Criterion = criterion, Score = score, IsValid = score is not null };

    [Fact]
    public void Write_ValidAndInvalid_WritesLabelLinesAndSkipsInvalid()
    {
        var path = Path.Combine(_dir, "judgements.jsonl");
        using (var writer = JudgementLabelWriter.Create(path))
        {
            writer.Write("s1", [J("qwen", "answerable", 4), J("qwen", "self_contained", null), J("llama", "answerable", 2.5)]).Should().Be(2);
            writer.Written.Should().Be(2);
            writer.Skipped.Should().Be(1);
        }

        File.ReadAllLines(path).Should().Equal(
            """{"item":"s1","rater":"qwen/answerable","label":4}""",
            """{"item":"s1","rater":"llama/answerable","label":2.5}""");
    }

    [Fact]
    public void Write_Sample_UsesSampleIdAndItsJudgements()
    {
        var path = Path.Combine(_dir, "judgements.jsonl");
        var sample = new Sample
        {
            Id = "sha-abc",
            Source = new SourceSpan("d", 0, 0, 1),
            Judgements = [J("judge", "faithful", 5), J("judge", "language_match", 1)],
        };

        using (var writer = JudgementLabelWriter.Create(path))
        {
            writer.Write(sample);
        }

        var labels = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        labels.Select(l => l.GetProperty("item").GetString()).Should().OnlyContain(i => i == "sha-abc");
        labels.Select(l => l.GetProperty("rater").GetString()).Should().Equal("judge/faithful", "judge/language_match");
        labels.Select(l => l.GetProperty("label").GetDouble()).Should().Equal(5, 1);
        labels.Should().OnlyContain(l => l.EnumerateObject().Count() == 3);
    }

    [Fact]
    public void Append_ResumedRun_KeepsEarlierLines()
    {
        var path = Path.Combine(_dir, "judgements.jsonl");
        using (var writer = JudgementLabelWriter.Create(path))
        {
            writer.Write("s1", [J("m", "answerable", 3)]);
        }

        using (var writer = JudgementLabelWriter.Append(path))
        {
            writer.Write("s2", [J("m", "answerable", 5)]);
        }

        File.ReadAllLines(path).Should().HaveCount(2);
    }

    [Fact]
    public async Task Write_Concurrently_EveryLineWhole()
    {
        var path = Path.Combine(_dir, "judgements.jsonl");
        using (var writer = JudgementLabelWriter.Create(path))
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < 200; i++)
                {
                    writer.Write($"t{t}-{i}", [J("m", "answerable", 1 + (i % 5)), J("m", "faithful", 5)]);
                }
            })));
        }

        var lines = File.ReadAllLines(path);
        lines.Should().HaveCount(16 * 200 * 2);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("item").GetString()).Distinct().Should().HaveCount(16 * 200);
    }

    [Fact]
    public void RaterOf_ModelAndCriterion()
    {
        JudgementLabelWriter.RaterOf(J("qwen2.5-7b", "humpback_quality", 5)).Should().Be("qwen2.5-7b/humpback_quality");
    }
}
