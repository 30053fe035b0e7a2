using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

public sealed class ChatCompletionRequestTests
{
    private const int Limit = 100;

    private static ChatCompletionRequest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ChatCompletionRequest.Parse(document.RootElement, Limit);
    }

    private static OpenAiError Error(string json)
    {
        var act = () => Parse(json);
        return act.Should().Throw<OpenAiErrorException>().Which.Error;
    }

    [Fact]
    public void Parse_EverySupportedParameter_MapsToChatOptions()
    {
        var request = Parse("""
            {"model":"m","messages":[{"role":"developer","content":"be brief"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}],"name":"u"},
             {"role":"assistant","content":"c"}],
             "max_completion_tokens":7,"max_tokens":99,"temperature":0.5,"top_p":0.9,"top_k":20,"seed":12345678901,"stop":["x","y"],
             "logprobs":true,"top_logprobs":3,"stream":true,"stream_options":{"include_usage":true},"n":1,"tool_choice":"none",
             "frequency_penalty":0,"presence_penalty":0,"logit_bias":{},"user":"someone","metadata":{"k":"v"},"store":false,"unknown_future":{"x":1},
             "response_format":{"type":"json_schema","json_schema":{"name":"g","strict":true,"schema":{"type":"object"}}}}
            """);

        request.Model.Should().Be("m");
        request.Messages.Select(m => (m.Role.Value, m.Text)).Should().Equal(("system", "be brief"), ("user", "ab"), ("assistant", "c"));
        var o = request.Options;
        o.MaxOutputTokens.Should().Be(7, "max_completion_tokens wins over the deprecated max_tokens");
        (o.Temperature, o.TopP, o.TopK, o.Seed).Should().Be((0.5f, 0.9f, 20, 12345678901L));
        o.StopSequences.Should().Equal("x", "y");
        o.AdditionalProperties!["logprobs"].Should().Be(true);
        o.AdditionalProperties["top_logprobs"].Should().Be(3);
        o.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>().Which.SchemaName.Should().Be("g");
        (request.Stream, request.IncludeUsage).Should().Be((true, true));
    }

    [Fact]
    public void Parse_Minimal_LeavesDefaultsToTheBackend()
    {
        var request = Parse("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":"END","temperature":null}""");
        request.Options.MaxOutputTokens.Should().BeNull();
        request.Options.Temperature.Should().BeNull("null means absent, as in OpenAI");
        request.Options.StopSequences.Should().Equal("END");
        request.Options.AdditionalProperties.Should().BeNull();
        request.Stream.Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"m"}""", "messages", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[]}""", "messages", "empty_array")]
    [InlineData("""{"model":"m","messages":"hi"}""", "messages", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role", "invalid_value")]
    [InlineData("""{"model":"m","messages":[{"content":"x"}]}""", "messages[0].role", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]}""", "messages[0].content", "invalid_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":5}]}""", "messages[0].content", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"1","tool_call_id":"a"}]}""", "messages[1].role", "unsupported_value")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a"}]}]}""", "messages[0].tool_calls", "unsupported_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}}]}]}""", "messages[0].content[0].type", "unsupported_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"video"}]}]}""", "messages[0].content[0].type", "invalid_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"n":2}""", "n", "unsupported_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"n":0}""", "n", "integer_below_min_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function"}]}""", "tools", "unsupported_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"functions":[{"name":"f"}]}""", "functions", "unsupported_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":"required"}""", "tool_choice", "unsupported_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"logit_bias":{"5":1}}""", "logit_bias", "unsupported_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"frequency_penalty":0.5}""", "frequency_penalty", "unsupported_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"presence_penalty":3}""", "presence_penalty", "decimal_above_max_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"modalities":["text","audio"]}""", "modalities", "unsupported_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":-1}""", "max_tokens", "integer_below_min_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens", "integer_below_min_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":101}""", "max_tokens", "integer_above_max_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":2.5}""", "max_tokens", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1e30}""", "max_tokens", "integer_above_max_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":0}""", "max_completion_tokens", "integer_below_min_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":2.5}""", "temperature", "decimal_above_max_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"top_p":-0.1}""", "top_p", "decimal_below_min_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"seed":"1"}""", "seed", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}""", "stop", "array_above_max_length")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":[1]}""", "stop[0]", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"top_logprobs":2}""", "top_logprobs", "invalid_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":21}""", "top_logprobs", "integer_above_max_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"logprobs":"yes"}""", "logprobs", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":1}""", "stream", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}""", "stream_options", "invalid_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"yaml"}}""", "response_format.type", "invalid_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema"}}""", "response_format.json_schema", "missing_required_parameter")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"g","schema":"object"}}}""", "response_format.json_schema.schema", "invalid_type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"g","schema":{"type":"string","minLength":3000}}}}""", "response_format.json_schema.schema", "unsupported_value")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"g","schema":{"type":"object","properties":{"a":{"type":"array","items":{"type":"string","maxLength":5000}}}}}}}""", "response_format.json_schema.schema", "unsupported_value")]
    public void Parse_InvalidOrUnsupported_400NamingTheParameter(string json, string param, string code)
    {
        var error = Error(json);
        error.Status.Should().Be(400);
        error.Type.Should().Be("invalid_request_error");
        error.Param.Should().Be(param, error.Message);
        error.Code.Should().Be(code, error.Message);
        error.Message.Should().Contain(param.Split('.', '[')[0]);
    }
}
