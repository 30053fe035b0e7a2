using System.Text.Json.Nodes;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

public sealed class CodeTestSpecParserTests
{
    private static (CodeTestSpec? Spec, string? Error) Parse(string json, string? fallback = null)
    {
        CodeTestSpecParser.TryParse(JsonNode.Parse(json)!.AsObject(), fallback, CodeLanguages.All, out var spec, out var error);
        return (spec, error);
    }

    [Fact]
    public void TryParse_HumanEval_ConcatenatesPromptCompletionTestAndCheck()
    {
        var (spec, error) = Parse("""{"prompt":"def f(x):\n","completion":"    return x\n","test":"def check(c):\n    assert c(1) == 1\n","entry_point":"f"}""");
        error.Should().BeNull();
        spec!.Format.Should().Be(CodeTestFormat.HumanEval);
        spec.Program.Should().Be("def f(x):\n    return x\n\n\ndef check(c):\n    assert c(1) == 1\n\n\ncheck(f)\n");
    }

    [Fact]
    public void TryParse_HumanEvalWithoutCompletion_UsesFallbackAndUnwrapsFence()
    {
        var (spec, _) = Parse("""{"prompt":"","test":"assert f() == 1","entry_point":"f"}""", "Here you go:\n```python\ndef f():\n    return 1\n```\nDone.");
        spec!.Program.Should().StartWith("def f():\n    return 1\n\n");
    }

    [Fact]
    public void TryParse_AssertList_JoinsCodeSetupAndTests()
    {
        var (spec, _) = Parse("""{"code":"def add(a,b): return a+b","setup":"import math","tests":["assert add(1,2)==3","assert add(0,0)==0"],"timeout_s":2.5,"memory_mb":300}""");
        spec!.Format.Should().Be(CodeTestFormat.AssertList);
        spec.Program.Should().Be("def add(a,b): return a+b\n\nimport math\n\nassert add(1,2)==3\nassert add(0,0)==0\n");
        spec.Timeout.Should().Be(TimeSpan.FromSeconds(2.5));
        spec.MemoryMb.Should().Be(300);
    }

    [Fact]
    public void TryParse_StdioCases_ReadsCasesComparisonAndLanguageAlias()
    {
        var (spec, _) = Parse("""{"language":"js","code":"x","cases":[{"stdin":"1","expected_stdout":"2"},{"expected_stdout":"3"}],"compare":"numeric","tolerance":0.01}""");
        spec!.Format.Should().Be(CodeTestFormat.StdioCases);
        spec.Language.Should().Be(CodeLanguages.JavaScript);
        spec.Cases.Should().Equal(new StdioCase("1", "2"), new StdioCase("", "3"));
        spec.Comparison.Should().Be(OutputComparison.Numeric);
        spec.Tolerance.Should().Be(0.01);
    }

    [Theory]
    [InlineData("""{"code":"x"}""", "no tests")]
    [InlineData("""{"tests":["assert True"]}""", "no code")]
    [InlineData("""{"code":"x","tests":[]}""", "'tests' must be a non-empty array")]
    [InlineData("""{"code":"x","tests":[1]}""", "tests[0] is not a string")]
    [InlineData("""{"code":"x","cases":[{"stdin":"1"}]}""", "cases[0].expected_stdout is missing")]
    [InlineData("""{"code":"x","cases":[{"expected_stdout":"1"}],"compare":"fuzzy"}""", "'compare' must be")]
    [InlineData("""{"language":"cobol","code":"x","tests":["a"]}""", "unsupported language 'cobol'")]
    [InlineData("""{"code":"x","tests":["a"],"timeout_s":-1}""", "'timeout_s' must be a positive")]
    [InlineData("""{"code":"x","tests":["a"],"timeout_s":"5"}""", "'timeout_s' must be a number")]
    [InlineData("""{"code":"x","tests":["a"],"memory_mb":0}""", "'memory_mb' must be a positive")]
    [InlineData("""{"prompt":"p","completion":"c","test":"t"}""", "'entry_point' is missing")]
    [InlineData("""{"code":5,"tests":["a"]}""", "'code' must be a string")]
    public void TryParse_MalformedInput_ReasonNamesTheField(string json, string reason)
    {
        var (spec, error) = Parse(json);
        spec.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Extract_FencedBlocks_PrefersTheLanguageTag()
    {
        CodeExtractor.Extract("```text\nnot code\n```\n```py\nprint(1)\n```", CodeLanguages.Python).Should().Be("print(1)");
        CodeExtractor.Extract("```\nprint(2)\n```", CodeLanguages.Python).Should().Be("print(2)");
        CodeExtractor.Extract("print(3)", CodeLanguages.Python).Should().Be("print(3)");
        CodeExtractor.Extract("```javascript\nconsole.log(1)\n```", CodeLanguages.JavaScript).Should().Be("console.log(1)");
    }
}
