using MidTrain.Core.Prompts;
using MidTrain.Judges.Rubric;
using MidTrain.Tests;

namespace MidTrain.Judges.Tests.Rubric;

public sealed class RubricCriterionTests
{
    [Fact]
    public void BuiltIn_ListsTheEightCriteria()
    {
        RubricCriterion.BuiltIn.Should().BeEquivalentTo(
            "humpback_quality", "answerable", "self_contained", "faithful", "language_match", "instruction_following", "harmlessness", "educational_value");
    }

    [Fact]
    public void Load_EducationalValue_IsAnAdditiveZeroToFiveScaleOverThePassageOnly()
    {
        var criterion = RubricCriterion.Load("educational_value");

        criterion.MinScore.Should().Be(0);
        criterion.MaxScore.Should().Be(5);
        criterion.Reads.Should().BeEquivalentTo(["passage"]);
        criterion.Prompt.Render(new Dictionary<string, string> { ["passage"] = "Plants make food from light." })
            .Last().Text.Should().Contain("Plants make food from light.").And.Contain("+1").And.Contain("0-5");
    }

    [Fact]
    public void Load_UnknownName_ThrowsListingBuiltIns()
    {
        var act = () => RubricCriterion.Load("helpfulness");

        act.Should().Throw<PromptException>().WithMessage("*helpfulness*answerable*");
    }

    [Fact]
    public void Load_PairwisePrompt_IsNotARubric()
    {
        var act = () => RubricCriterion.Load("pairwise");

        act.Should().Throw<PromptException>();
    }

    [Fact]
    public void Load_UserFileByRelativePath_ReadsScaleFromSchema()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "concise.yaml"), Rubric(min: 0, max: 3, variable: "answer"));

        var criterion = RubricCriterion.Load("concise.yaml", dir);

        criterion.Name.Should().Be("concise");
        criterion.MinScore.Should().Be(0);
        criterion.MaxScore.Should().Be(3);
        criterion.Reads.Should().BeEquivalentTo("answer");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void FromPrompt_UnknownVariable_ThrowsNamingIt()
    {
        var act = () => RubricCriterion.FromPrompt(PromptTemplate.Parse(Rubric(1, 5, "persona"), "custom.yaml"));

        act.Should().Throw<PromptException>().WithMessage("*custom.yaml*persona*");
    }

    [Fact]
    public void FromPrompt_ScoreWithoutBounds_Throws()
    {
        var yaml = Rubric(1, 5, "answer").Replace("minimum: 1, ", "", StringComparison.Ordinal);

        var act = () => RubricCriterion.FromPrompt(PromptTemplate.Parse(yaml, "custom.yaml"));

        act.Should().Throw<PromptException>().WithMessage("*minimum*");
    }

    private static string Rubric(int min, int max, string variable) => $$$"""
        name: concise
        template: |
          <message role="user">
          Rate {{${{{variable}}}}} from {{{min}}} to {{{max}}}.
          </message>
        execution_settings:
          default:
            temperature: 0
            response_format:
              type: json_schema
              json_schema:
                name: concise
                schema:
                  type: object
                  properties:
                    rationale: {type: string}
                    score: {type: integer, minimum: {{{min}}}, maximum: {{{max}}}}
                  required: [rationale, score]
        """;
}
