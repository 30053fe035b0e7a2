using System.Text.RegularExpressions;
using MidTrain.Models.Grammar;

namespace MidTrain.Models.Tests.Grammar;

public sealed partial class JsonSchemaGbnfConverterTests
{
    public static TheoryData<string> Schemas => new()
    {
        """{"type":"object","properties":{"answer":{"type":"string"},"score":{"type":"integer","minimum":1,"maximum":5}},"required":["answer","score"]}""",
        """{"type":"object","properties":{"snake_case_key":{"type":"number"},"with space":{"type":"boolean"},"ünï":{"type":"null"}}}""",
        """{"type":"array","items":{"type":"string","minLength":1,"maxLength":3},"minItems":2,"maxItems":4}""",
        """{"enum":["a\"b","c\\d",1,null,true,{"x":[1]}]}""",
        """{"anyOf":[{"type":"string"},{"type":"integer"}]}""",
        """{"$defs":{"node":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},"$ref":"#/$defs/node"}""",
        """{}""",
        """{"type":["string","null"],"description":"ignored","format":"email"}""",
        """{"type":"object"}""",
        """{"type":"object","properties":{"a":{"const":"fixed"},"b":{"type":"integer","minimum":0}},"required":["b"]}""",
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Convert_SupportedSchemas_ProduceWellFormedGrammar(string schema)
    {
        var grammar = JsonSchemaGbnfConverter.Convert(schema);
        GbnfLint.Problems(grammar).Should().BeEmpty(grammar);
    }

    [Fact]
    public void Convert_UnderscoreKeys_RuleNamesUseDashesOnly()
    {
        var grammar = JsonSchemaGbnfConverter.Convert("""{"type":"object","properties":{"my_key":{"type":"string"}},"required":["my_key"]}""");
        var names = grammar.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(" ::= ", StringComparison.Ordinal)]);
        names.Should().OnlyContain(n => RuleName().IsMatch(n));
        grammar.Should().Contain("\"\\\"my_key\\\"\"", "the JSON key itself keeps its underscore inside the literal");
    }

    [Fact]
    public void Convert_SmallIntegerRange_EnumeratesLongestFirst()
    {
        var grammar = JsonSchemaGbnfConverter.Convert("""{"type":"integer","minimum":8,"maximum":11}""");
        grammar.Should().StartWith("root ::= (\"10\" | \"11\" | \"8\" | \"9\")");
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "pattern")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "allOf")]
    [InlineData("""{"$ref":"http://example.com/schema"}""", "$ref")]
    [InlineData("""{"type":"color"}""", "color")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":1}""", "maximum")]
    public void Convert_UnsupportedSchema_ThrowsNotSupportedNamingTheKeyword(string schema, string keyword)
    {
        var act = () => JsonSchemaGbnfConverter.Convert(schema);
        act.Should().Throw<NotSupportedException>().WithMessage($"*{keyword}*");
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("q\"b\\", "\"q\\\"b\\\\\"")]
    [InlineData("line\nfeed\ttab", "\"line\\nfeed\\ttab\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("é€", "\"é€\"")]
    public void Literal_EscapesForGbnf(string text, string expected)
    {
        JsonSchemaGbnfConverter.Literal(text).Should().Be(expected);
    }

    [Fact]
    public void Convert_OptionalOnlyObject_AllowsEmptyAndOrderedSubsets()
    {
        var grammar = JsonSchemaGbnfConverter.Convert("""{"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":"boolean"}}}""");
        var root = grammar.Split('\n')[0];
        root.Should().Contain(")?", "no property is required");
        GbnfLint.Problems(grammar).Should().BeEmpty();
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex RuleName();
}
