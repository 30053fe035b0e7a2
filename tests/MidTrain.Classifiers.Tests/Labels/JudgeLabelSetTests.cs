using MidTrain.Classifiers.Labels;
using MidTrain.Tests;

namespace MidTrain.Classifiers.Tests.Labels;

public sealed class JudgeLabelSetTests
{
    private static string Labels(string dir, params string[] lines)
    {
        var path = Path.Combine(dir, "judgements.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Read_PanelOfTwoJudges_AveragesPerItemAndIgnoresOtherCriteria()
    {
        var dir = TestPaths.NewTempDir("midtrain-labels");
        var path = Labels(dir,
            """{"item": "d1", "rater": "a/educational_value", "label": 4}""",
            """{"item": "d1", "rater": "b/educational_value", "label": 2}""",
            """{"item": "d2", "rater": "a/educational_value", "label": 5}""",
            """{"item": "d1", "rater": "a/answerable", "label": 1}""",
            """{"item": "d3", "rater": "a/educational_value", "label": "high"}""",
            "not json",
            """{"item": "d4", "rater": "human", "label": 0}""");

        var set = JudgeLabelSet.Read(path, "educational_value");

        set.Scores.Should().BeEquivalentTo(new Dictionary<string, double> { ["d1"] = 3, ["d2"] = 5 });
        set.Raters.Should().Equal("a/educational_value", "b/educational_value");
        set.Lines.Should().Be(7);
        set.Skipped.Should().Be(2, "the string label and the line that is not JSON");
        set.Sha256.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Read_ExactRater_UsesOnlyThatRater()
    {
        var dir = TestPaths.NewTempDir("midtrain-labels");
        var path = Labels(dir,
            """{"item": "d1", "rater": "a/educational_value", "label": 4}""",
            """{"item": "d1", "rater": "human", "label": 1}""");

        JudgeLabelSet.Read(path, "educational_value", rater: "human").Scores.Should().BeEquivalentTo(new Dictionary<string, double> { ["d1"] = 1 });
    }

    [Fact]
    public void Read_InARunDirectory_TakesJudgeFingerprintsFromTheManifest()
    {
        var dir = TestPaths.NewTempDir("midtrain-labels");
        var path = Labels(dir, """{"item": "d1", "rater": "judge/educational_value", "label": 4}""");
        File.WriteAllText(Path.Combine(dir, "manifest.json"), """{"models": {"judge": {"fingerprint": "gguf:sha256=00ff;size=9;quant=F16"}, "other": {"fingerprint": "x"}}}""");

        var set = JudgeLabelSet.Read(path, "educational_value");

        set.JudgeModels.Should().BeEquivalentTo(new Dictionary<string, string> { ["judge"] = "gguf:sha256=00ff;size=9;quant=F16" });
    }
}
