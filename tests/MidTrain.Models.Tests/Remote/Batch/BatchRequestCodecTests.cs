using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Models.Reasoning;
using MidTrain.Models.Remote.Batch;

namespace MidTrain.Models.Tests.Remote.Batch;

public sealed class BatchRequestCodecTests
{
    [Fact]
    public void Body_EveryOption_WrittenAsTheChatCompletionsFields()
    {
        var options = ChatLogprobs.Request(new ChatOptions
        {
            MaxOutputTokens = 100,
            Temperature = 0.5f,
            TopP = 0.9f,
            Seed = 42,
            StopSequences = ["END"],
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement, "judge"),
        }, 3);

        var body = BatchRequestCodec.Body("gpt-x", [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hi")], options);

        body["model"]!.GetValue<string>().Should().Be("gpt-x");
        body["messages"]!.ToJsonString().Should().Be("""[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}]""");
        body["max_completion_tokens"]!.GetValue<int>().Should().Be(100);
        body["seed"]!.GetValue<long>().Should().Be(42);
        body["stop"]!.ToJsonString().Should().Be("""["END"]""");
        body["logprobs"]!.GetValue<bool>().Should().BeTrue();
        body["top_logprobs"]!.GetValue<int>().Should().Be(3);
        body["response_format"]!.ToJsonString().Should().Be("""{"type":"json_schema","json_schema":{"name":"judge","schema":{"type":"object"},"strict":true}}""");
        BatchRequestCodec.CustomId(body).Should().MatchRegex("^mt-[0-9a-f]{40}$").And.Be(BatchRequestCodec.CustomId(BatchRequestCodec.Body("gpt-x", [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hi")], options)));
    }

    [Fact]
    public void Body_ReasoningOptions_EffortAndBudgetAsTheDirectClientSendsThem()
    {
        var reasoning = new ModelReasoningOptions { Effort = "low", MaxTokens = 2048 };
        ChatMessage[] messages = [new(ChatRole.User, "hi")];

        var body = BatchRequestCodec.Body("r1", messages, new ChatOptions(), reasoning);
        var perCall = BatchRequestCodec.Body("r1", messages, new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } }, reasoning);
        var plain = BatchRequestCodec.Body("r1", messages, new ChatOptions());

        body["reasoning_effort"]!.GetValue<string>().Should().Be("low");
        body["thinking_token_budget"]!.GetValue<int>().Should().Be(2048);
        perCall["reasoning_effort"]!.GetValue<string>().Should().Be("high", "the call's effort wins over the model's");
        plain.ContainsKey("reasoning_effort").Should().BeFalse();
        plain.ContainsKey("thinking_token_budget").Should().BeFalse();
        BatchRequestCodec.CustomId(body).Should().NotBe(BatchRequestCodec.CustomId(plain), "the reasoning fields are part of the request");

        var sglang = BatchRequestCodec.Body("r1", messages, new ChatOptions(), new ModelReasoningOptions { MaxTokens = 512, BudgetField = "chat_template_kwargs.thinking_budget" });
        sglang["chat_template_kwargs"]!.ToJsonString().Should().Be("""{"thinking_budget":512}""", "a dotted field is a path of nested objects, as for direct calls");
    }

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public void Response_ReasoningField_IsTheTraceAndTheTextIsTheAnswerAlone(string field)
    {
        using var json = JsonDocument.Parse("""
            {"id":"c2","model":"r1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"{\"answer\": 4}","FIELD":"2 + 2 is 4; write it as JSON."}}],
             "usage":{"prompt_tokens":9,"completion_tokens":20,"total_tokens":29,"completion_tokens_details":{"reasoning_tokens":12}}}
            """.Replace("FIELD", field, StringComparison.Ordinal));

        var response = BatchRequestCodec.Response(json.RootElement, "fallback");

        response.Text.Should().Be("{\"answer\": 4}");
        var contents = response.Messages.Single().Contents;
        contents[0].Should().BeOfType<TextReasoningContent>().Which.Text.Should().Be("2 + 2 is 4; write it as JSON.");
        contents.OfType<TextReasoningContent>().Should().ContainSingle();
        response.Usage!.ReasoningTokenCount.Should().Be(12);
    }

    [Fact]
    public void Response_EmptyReasoningField_NoTrace()
    {
        using var json = JsonDocument.Parse("""
            {"id":"c3","model":"r1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Paris","reasoning_content":""}}]}
            """);

        var response = BatchRequestCodec.Response(json.RootElement, "fallback");

        response.Text.Should().Be("Paris");
        response.Messages.Single().Contents.OfType<TextReasoningContent>().Should().BeEmpty();
    }

    [Fact]
    public void Response_CompletionBody_TextUsageAndLogprobs()
    {
        using var json = JsonDocument.Parse("""
            {"id":"c1","model":"gpt-x","choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"Paris"},
              "logprobs":{"content":[{"token":"Paris","logprob":-0.1,"bytes":[80],"top_logprobs":[{"token":"Paris","logprob":-0.1},{"token":"Lyon","logprob":-2.5}]}]}}],
             "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25,"prompt_tokens_details":{"cached_tokens":16},"completion_tokens_details":{"reasoning_tokens":3}}}
            """);

        var response = BatchRequestCodec.Response(json.RootElement, "fallback");

        response.Text.Should().Be("Paris");
        response.FinishReason.Should().Be(ChatFinishReason.Length);
        response.Usage!.InputTokenCount.Should().Be(20);
        response.Usage.CachedInputTokenCount.Should().Be(16);
        response.Usage.OutputTokenCount.Should().Be(5);
        response.Usage.ReasoningTokenCount.Should().Be(3);
        var logprobs = ChatLogprobs.FromResponse(response)!;
        logprobs.Should().ContainSingle().Which.TopLogprobs.Select(t => t.Token).Should().Equal("Paris", "Lyon");
    }
}
