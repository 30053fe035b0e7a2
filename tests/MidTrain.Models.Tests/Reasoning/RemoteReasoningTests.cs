using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Failures;
using MidTrain.Core.Prompts;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Structured;
using MidTrain.Models.Middleware;
using MidTrain.Models.Reasoning;
using MidTrain.Models.Remote;

namespace MidTrain.Models.Tests.Reasoning;

/// <summary>
/// The remote model path (SDK, middleware, structured output) against a loopback server that answers the way reasoning
/// servers do: every reply shape is parsed, or recorded as the right failure kind, never a crash.
/// </summary>
public sealed class RemoteReasoningTests
{
    private const string Answer = "{\"answer\": \"4\"}";

    private static readonly PromptTemplate Prompt = PromptTemplate.Parse("""
        name: reasoning-probe
        template: |
          <message role="user">What is {{$question}}?</message>
        input_variables:
          - name: question
        execution_settings:
          default:
            max_tokens: 64
            response_format:
              type: json_schema
              json_schema:
                name: probe
                schema:
                  type: object
                  properties:
                    answer: {type: string}
                  required: [answer]
        """, "reasoning-probe.yaml");

    private static ModelSpec Spec(string endpoint, ModelReasoningOptions? reasoning = null) => new()
    {
        Name = "reasoner",
        Provider = ModelProvider.Openai,
        Model = "r1",
        OpenAi = new OpenAiModelOptions { Endpoint = endpoint },
        Resilience = new ResilienceOptions { MaxRetries = 0 },
        Reasoning = reasoning ?? new ModelReasoningOptions(),
    };

    private static Task<StructuredResult> AskAsync(ModelHandle handle) =>
        StructuredChat.CompleteAsync(handle.Client, Prompt, new Dictionary<string, string> { ["question"] = "2+2" }, seed: 1, maxRetries: 2);

    public static TheoryData<string, ScriptedReply, string> Shapes => new()
    {
        { "inline think tags", new ScriptedReply("<think>\nAdd 2 and 2.\n</think>\n\n" + Answer), "Add 2 and 2." },
        { "reasoning_content field", new ScriptedReply(Answer, "Add 2 and 2.", ReasoningTokens: 5), "Add 2 and 2." },
        { "reasoning field", new ScriptedReply(Answer, "Add 2 and 2.", ReasoningField: "reasoning"), "Add 2 and 2." },
        { "braces in the trace", new ScriptedReply("<think>The reply is {answer}; not {\"answer\": \"5\"} but...</think>" + Answer), "The reply is {answer}; not {\"answer\": \"5\"} but..." },
        { "trace opened in the prompt", new ScriptedReply("Schema {answer: string}. 4.\n</think>\n" + Answer), "Schema {answer: string}. 4." },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task CompleteAsync_EveryTraceShape_ParsesTheAnswerAndKeepsTheTrace(string shape, ScriptedReply reply, string trace)
    {
        await using var server = new ScriptedReasoningServer(_ => reply);
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        var result = await AskAsync(handle);

        result.Value.GetProperty("answer").GetString().Should().Be("4", shape);
        result.Raw.Should().Be(Answer);
        result.Reasoning.Should().Be(trace);
        result.Attempts.Should().Be(1);
        result.ReasoningTokens.Should().BeGreaterThan(0);
        handle.Usage.ReasoningTokens.Should().Be(result.ReasoningTokens!.Value);
    }

    [Fact]
    public async Task GetResponseAsync_ReportedReasoningTokens_AreCountedAsReported()
    {
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply(Answer, "think", ReasoningTokens: 7));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        var response = await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        response.Usage!.ReasoningTokenCount.Should().Be(7);
        handle.Usage.ReasoningTokens.Should().Be(7);
    }

    [Fact]
    public async Task GetResponseAsync_InlineTraceWithoutReportedCount_EstimatesFromTheTracesShare()
    {
        // 40 characters of trace, 10 of answer; the server reports (40 + 8 + 10 + ...) / 2 completion tokens.
        var content = "<think>" + new string('r', 40) + "</think>" + new string('a', 10);
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply(content));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        var response = await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        var output = content.Length / 2;
        response.Usage!.ReasoningTokenCount.Should().Be((long)Math.Round(output * 40 / 50.0, MidpointRounding.AwayFromZero));
    }

    public static TheoryData<string, ScriptedReply> Truncations => new()
    {
        { "inline, never closed", new ScriptedReply("<think>Let me try {\"answer\": ... no, again, and again", Finish: "length") },
        { "separate field, no content", new ScriptedReply(null, "Let me try again and again", Finish: "length") },
        { "opened in the prompt, never closed", new ScriptedReply("and again, and again", Finish: "length") },
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public async Task CompleteAsync_TraceCutOffAtTheTokenLimit_FailsAsReasoningTruncatedWithoutRetrying(string shape, ScriptedReply reply)
    {
        await using var server = new ScriptedReasoningServer(_ => reply);
        var options = shape.StartsWith("opened", StringComparison.Ordinal) ? new ModelReasoningOptions { OpenedInPrompt = true } : null;
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint, options), ModelRuntimeOptions.Default);

        var act = () => AskAsync(handle);

        var failure = (await act.Should().ThrowAsync<ItemFailureException>(shape)).Which;
        failure.Kind.Should().Be(StructuredChat.ReasoningTruncatedKind);
        failure.Raw.Should().Contain("again");
        server.Requests.Should().HaveCount(1, "another attempt with the same budget would be cut off again");
    }

    [Fact]
    public async Task CompleteAsync_TraceClosedButNoAnswer_IsRetriedThenFailsAsParse()
    {
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply("<think>done thinking</think>"));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        var act = () => AskAsync(handle);

        var failure = (await act.Should().ThrowAsync<ItemFailureException>()).Which;
        failure.Kind.Should().Be("parse");
        failure.Message.Should().Contain("only a reasoning trace");
        server.Requests.Should().HaveCount(3);
        server.Requests.Last()["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()).Should().NotContain(c => c.Contains("done thinking"), "traces are never sent back");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SeparateAndInlineTracesInChunks_StreamReasoningThenAnswer()
    {
        // A separate trace in reasoning_content chunks, then content whose inline trace is split across chunks.
        var chunks = new List<(string?, string?)> { ("Step 1 {", null), (" step 2}", null), (null, "<thi"), (null, "nk>more"), (null, " {thought}</th"), (null, "ink>\n\n{\"answer\""), (null, ": \"4\"}") };
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply(Answer, "Step 1 { step 2}", ReasoningTokens: 9, Chunks: chunks));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        var reasoning = new StringBuilder();
        var answer = new StringBuilder();
        var sawAnswerBeforeReasoningEnded = false;
        UsageDetails? usage = null;
        await foreach (var update in handle.Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")]))
        {
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextReasoningContent r:
                        sawAnswerBeforeReasoningEnded |= answer.Length > 0;
                        reasoning.Append(r.Text);
                        break;
                    case TextContent t:
                        answer.Append(t.Text);
                        break;
                    case UsageContent u:
                        usage = u.Details;
                        break;
                }
            }
        }

        reasoning.ToString().Should().Be("Step 1 { step 2}more {thought}");
        answer.ToString().Should().Be(Answer);
        sawAnswerBeforeReasoningEnded.Should().BeFalse();
        usage!.ReasoningTokenCount.Should().Be(9);
        handle.Usage.ReasoningTokens.Should().Be(9);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UnterminatedTraceAtTheLimit_EndsAsReasoningWithLengthFinish()
    {
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply("<think>on and on and on", Finish: "length"));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in handle.Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")]))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        ChatReasoning.Of(response).Should().Be("on and on and on");
        response.Text.Should().BeEmpty();
        ChatReasoning.IsTruncated(response).Should().BeTrue();
    }

    [Fact]
    public async Task Request_EffortAndBudget_AreSentAsConfigured()
    {
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply(Answer));
        var reasoning = new ModelReasoningOptions { Effort = "high", MaxTokens = 256, BudgetField = "chat_template_kwargs.thinking_budget" };
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint, reasoning), ModelRuntimeOptions.Default);

        await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });

        var requests = server.Requests.ToArray();
        requests[0]["reasoning_effort"]!.GetValue<string>().Should().Be("high");
        requests[0]["chat_template_kwargs"]!["thinking_budget"]!.GetValue<int>().Should().Be(256);
        requests[1]["reasoning_effort"]!.GetValue<string>().Should().Be("low", "a request's own effort wins over the model's");
    }

    [Fact]
    public async Task Request_NoReasoningSettings_SendsNoReasoningFields()
    {
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply(Answer));
        await using var handle = await ModelFactory.CreateAsync(Spec(server.Endpoint), ModelRuntimeOptions.Default);

        await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        var request = server.Requests.Single();
        request.ContainsKey("reasoning_effort").Should().BeFalse();
        request.ContainsKey("thinking_token_budget").Should().BeFalse();
    }

    [Fact]
    public async Task InlineParsingOff_LeavesTheTextAlone()
    {
        var content = "<think>x</think>" + Answer;
        await using var server = new ScriptedReasoningServer(_ => new ScriptedReply(content));
        var spec = Spec(server.Endpoint);
        spec.Reasoning = null;
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default);

        var response = await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        response.Text.Should().Be(content);
        ChatReasoning.Of(response).Should().BeNull();
    }
}
