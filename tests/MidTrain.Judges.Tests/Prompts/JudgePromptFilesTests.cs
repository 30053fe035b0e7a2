using System.Text.Json;
using System.Text.RegularExpressions;
using MidTrain.Core.Prompts;
using MidTrain.Judges.Pairwise;
using MidTrain.Judges.Rubric;
using MidTrain.Tests;

namespace MidTrain.Judges.Tests.Prompts;

public sealed class JudgePromptFilesTests
{
    public static TheoryData<string> RubricFiles => new(RubricFileNames);

    private static IEnumerable<string> RubricFileNames => Directory.GetFiles(JudgesFolder, "*.yaml")
        .Select(f => Path.GetFileName(f)).Where(f => f != "pairwise.yaml").Order(StringComparer.Ordinal);

    private static string JudgesFolder => Path.Combine(TestPaths.RepoRoot, "prompts", "judges");

    [Theory]
    [MemberData(nameof(RubricFiles))]
    public void RubricPrompt_File_ParsesDeclaresVariablesAndHasAnIntegerScoreSchema(string file)
    {
        var path = Path.Combine(JudgesFolder, file);
        var prompt = PromptTemplate.Parse(File.ReadAllText(path), path);

        prompt.Id.Should().Be(Path.GetFileNameWithoutExtension(file), "the criterion name is the file name");
        prompt.InputVariables.Select(v => v.Name).Should().BeEquivalentTo(prompt.ReferencedVariables, "every variable used is declared, and every declared one is used");
        prompt.ReferencedVariables.Should().BeSubsetOf(RubricJudge.Variables);
        prompt.Settings.Temperature.Should().Be(0);

        var schema = prompt.Settings.JsonSchema!.Value;
        var score = schema.GetProperty("properties").GetProperty("score");
        score.GetProperty("type").GetString().Should().Be("integer");
        var (min, max) = (score.GetProperty("minimum").GetInt32(), score.GetProperty("maximum").GetInt32());
        (min, max).Should().BeOneOf([(1, 5), (0, 5)], "anchored rubrics score 1-5, additive ones 0-5");
        schema.GetProperty("properties").GetProperty("rationale").GetProperty("type").GetString().Should().Be("string");
        schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal("rationale", "score");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();

        var criterion = RubricCriterion.FromPrompt(prompt);
        criterion.MinScore.Should().Be(min);
        criterion.MaxScore.Should().Be(max);
    }

    [Theory]
    [MemberData(nameof(RubricFiles))]
    public void RubricPrompt_File_HasOneAnchorPerScoreInOrder(string file)
    {
        var prompt = PromptTemplate.Parse(File.ReadAllText(Path.Combine(JudgesFolder, file)), file);
        var user = prompt.Messages.Single(m => m.Role == "user").Template;

        var anchors = Regex.Matches(user, @"^([1-5]) - \S.+$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        var additive = Regex.Matches(user, @"^\+1 - \S.+$", RegexOptions.Multiline).Count;

        // An anchored rubric has one sentence per score; an additive one (0-5, FineWeb-Edu style) one point per level.
        if (additive > 0)
        {
            anchors.Should().BeEmpty();
            additive.Should().Be(5);
        }
        else
        {
            anchors.Should().Equal("1", "2", "3", "4", "5");
        }
    }

    [Theory]
    [MemberData(nameof(RubricFiles))]
    public void RubricPrompt_Embedded_SameAsFileAndLoadsByName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var fromFile = PromptTemplate.Parse(File.ReadAllText(Path.Combine(JudgesFolder, file)), file);

        var criterion = RubricCriterion.Load(name);

        criterion.Name.Should().Be(name);
        criterion.Prompt.Sha256.Should().Be(fromFile.Sha256, "the embedded prompt is the file in prompts/judges");
        PromptLibrary.EmbeddedIds.Should().Contain($"judges/{name}");
    }

    [Fact]
    public void PairwisePrompt_File_DeclaresVariablesAndWinnerEnum()
    {
        var path = Path.Combine(JudgesFolder, "pairwise.yaml");
        var prompt = PromptTemplate.Parse(File.ReadAllText(path), path);

        prompt.InputVariables.Select(v => v.Name).Should().BeEquivalentTo(prompt.ReferencedVariables);
        prompt.ReferencedVariables.Should().BeEquivalentTo(PairwiseJudge.Variables);
        var winner = prompt.Settings.JsonSchema!.Value.GetProperty("properties").GetProperty("winner");
        winner.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Should().Equal("A", "B", "tie");
        prompt.Settings.JsonSchema!.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal("rationale", "winner");
        PromptLibrary.Load("judges/pairwise").Sha256.Should().Be(prompt.Sha256);
    }

    [Fact]
    public void RubricFiles_AreTheBuiltInCriteria()
    {
        RubricFileNames.Select(Path.GetFileNameWithoutExtension).Should().BeEquivalentTo(RubricCriterion.BuiltIn);
    }

    [Fact]
    public void HumpbackPrompt_FollowsThePapersFiveLevels()
    {
        var user = RubricCriterion.Load("humpback_quality").Prompt.Messages.Single(m => m.Role == "user").Template;

        // The paper's levels: 1 incomplete/off-topic or blog/forum-like; 2 most asks but not direct; 3 helpful but
        // not from an assistant's perspective; 4 an assistant's complete answer with minor room; 5 perfect.
        user.Should().Contain("blog").And.Contain("directly").And.Contain("point of view").And.Contain("concise").And.Contain("insightful");
        JsonSerializer.Serialize(RubricCriterion.Load("humpback_quality").Prompt.Settings.JsonSchema).Should().Contain("\"maximum\":5");
    }
}
