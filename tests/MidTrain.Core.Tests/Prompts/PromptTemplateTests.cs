using Microsoft.Extensions.AI;
using MidTrain.Core.Prompts;

namespace MidTrain.Core.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private const string Yaml = """
        name: demo
        description: A demo prompt.
        template_format: semantic-kernel
        template: |
          <message role="system">
          Be brief.
          </message>
          <message role="user">
          Passage: {{$passage}}
          Language: {{ $language }}
          </message>
        input_variables:
          - name: passage
            is_required: true
          - name: language
            is_required: false
            default: en
        execution_settings:
          default:
            temperature: 0.5
            max_tokens: 64
            response_format:
              type: json_schema
              json_schema:
                name: demo
                schema:
                  type: object
                  properties:
                    q: {type: string}
                  required: [q]
        """;

    [Fact]
    public void Render_WithVariablesAndDefaults_ProducesChatMessages()
    {
        var prompt = PromptTemplate.Parse(Yaml, "demo.yaml");

        var messages = prompt.Render(new Dictionary<string, string> { ["passage"] = "Text with {{$language}} inside" });

        messages.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User);
        messages[0].Text.Should().Be("Be brief.");
        messages[1].Text.Should().Be("Passage: Text with {{$language}} inside\nLanguage: en", "values are inserted verbatim, never re-expanded");
        prompt.ReferencedVariables.Should().BeEquivalentTo("passage", "language");
        prompt.Sha256.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void CreateChatOptions_SettingsAndSchema_AreCarried()
    {
        var options = PromptTemplate.Parse(Yaml, "demo.yaml").CreateChatOptions(seed: 99);

        options.Temperature.Should().Be(0.5f);
        options.MaxOutputTokens.Should().Be(64);
        options.Seed.Should().Be(99);
        options.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>().Which.Schema!.Value.GetProperty("required")[0].GetString().Should().Be("q");
    }

    [Fact]
    public void EnsureVariables_MissingVariable_NamesFileAndVariable()
    {
        var prompt = PromptTemplate.Parse(Yaml, "demo.yaml");

        var act = () => prompt.EnsureVariables(["language"]);

        act.Should().Throw<PromptException>().WithMessage("demo.yaml: variable '{{$passage}}' is used by the template but not provided*");
    }

    [Fact]
    public void Render_MissingValue_NamesFileAndVariable()
    {
        var act = () => PromptTemplate.Parse(Yaml, "demo.yaml").Render(new Dictionary<string, string>());
        act.Should().Throw<PromptException>().WithMessage("demo.yaml: variable '{{$passage}}' has no value");
    }

    [Fact]
    public void Library_EmbeddedPrompts_AllParseAndDeclareTheirVariables()
    {
        PromptLibrary.EmbeddedIds.Should().Contain(["teacher/grounded_qa", "teacher/dialogue", "teacher/worked_solution", "backtranslation/question", "backtranslation/answer"]);
        foreach (var id in PromptLibrary.EmbeddedIds)
        {
            var prompt = PromptLibrary.Load(id);
            prompt.ReferencedVariables.Should().BeSubsetOf(prompt.InputVariables.Select(v => v.Name), id);
            prompt.Settings.JsonSchema.Should().NotBeNull(id);
        }
    }

    [Theory]
    [InlineData("judges/answerable.yaml")]
    [InlineData("judges/answerable.yml")]
    public void Library_BuiltInIdWithAFileExtensionButNoSuchFile_LoadsTheBuiltIn(string idOrPath)
    {
        PromptLibrary.Load(idOrPath, baseDirectory: Path.GetTempPath()).Id.Should().Be(PromptLibrary.Load("judges/answerable").Id);
    }

    [Fact]
    public void Library_UnknownId_ListsTheBuiltIns()
    {
        var act = () => PromptLibrary.Load("nope");
        act.Should().Throw<PromptException>().WithMessage("prompt 'nope' not found*teacher/grounded_qa*");
    }
}
