using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Reasoning;
using MidTrain.Models.Grammar;
using MidTrain.Models.Local;
using MidTrain.Models.Middleware;
using MidTrain.Models.Reasoning;
using MidTrain.Models.Tests.Grammar;
using MidTrain.Models.Tests.Local;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Reasoning;

public sealed class LocalReasoningTests : IAsyncLifetime
{
    private const string Schema = """{"type":"object","properties":{"answer":{"type":"string","minLength":1,"maxLength":12}},"required":["answer"]}""";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _directory = TestPaths.NewTempDir("tiny-reasoning");
    private ModelHandle _handle = null!;

    public async Task InitializeAsync()
    {
        var spec = new ModelSpec
        {
            Name = "tiny-reasoner",
            Provider = ModelProvider.Llama,
            Llama = new LlamaModelOptions { Path = "tiny", Context = 2048, Parallel = 2, Threads = 1 },
            Resilience = new ResilienceOptions { MaxRetries = 0 },
            Reasoning = new ModelReasoningOptions { Grammar = LocalReasoningGrammar.Required, GrammarMaxChars = 40 },
        };
        _handle = await ModelFactory.CreateAsync(spec, new ModelRuntimeOptions { ModelDirectory = _directory });
    }

    public async Task DisposeAsync()
    {
        await _handle.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static ChatOptions Options(int seed)
    {
        using var schema = JsonDocument.Parse(Schema);
        return new ChatOptions { MaxOutputTokens = 200, Seed = seed, Temperature = 1f, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "probe") };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetResponseAsync_RequiredReasoningGrammar_TinyModelWritesATraceThenJson_AndTheAnswerIsTheJsonAlone(int seed)
    {
        List<ChatMessage> prompt = [new(ChatRole.User, "think, then answer")];

        var raw = await Deadline.Within(_handle.Backend.GetResponseAsync(prompt, Options(seed)), Limit);
        var response = await Deadline.Within(_handle.Client.GetResponseAsync(prompt, Options(seed)), Limit);

        raw.FinishReason.Should().Be(ChatFinishReason.Stop, raw.Text);
        raw.Text.Should().StartWith("<think>").And.Contain("</think>");
        var split = ReasoningTags.Think.Split(raw.Text);
        split.Status.Should().Be(ReasoningTraceStatus.Closed);
        response.Text.Should().Be(split.Answer, "the same seed gives the same text, and the reasoning layer keeps only the answer");
        JsonDocument.Parse(response.Text).RootElement.GetProperty("answer").GetString().Should().NotBeNullOrEmpty();
        ChatReasoning.Of(response).Should().Be(string.IsNullOrEmpty(split.Reasoning) ? null : split.Reasoning);
        response.Usage!.ReasoningTokenCount.Should().BeGreaterThan(0, "counted with the model's own tokenizer");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RequiredReasoningGrammar_StreamsTheSameTraceAndAnswerAsOneResponse()
    {
        List<ChatMessage> prompt = [new(ChatRole.User, "think, then answer")];
        var whole = await Deadline.Within(_handle.Client.GetResponseAsync(prompt, Options(5)), Limit);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _handle.Client.GetStreamingResponseAsync(prompt, Options(5)))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        streamed.Text.Should().Be(whole.Text);
        ChatReasoning.Of(streamed).Should().Be(ChatReasoning.Of(whole));
        updates.Count(u => u.Contents.OfType<TextReasoningContent>().Any()).Should().BeGreaterThan(1, "the trace streams piece by piece");
    }

    [Fact]
    public async Task GetResponseAsync_NoResponseFormat_NoGrammarIsForced()
    {
        var response = await Deadline.Within(_handle.Backend.GetResponseAsync([new ChatMessage(ChatRole.User, "free text")], new ChatOptions { MaxOutputTokens = 12, Seed = 4 }), Limit);

        response.Text.Should().NotStartWith("<think>");
    }

    [Theory]
    [InlineData(LocalReasoningGrammar.Required, ReasoningStart.Detect, 40)]
    [InlineData(LocalReasoningGrammar.Optional, ReasoningStart.Detect, null)]
    [InlineData(LocalReasoningGrammar.Optional, ReasoningStart.Prompt, 10)]
    public void Wrap_ThinkTags_GivesAWellFormedGrammarStartingAtItsRoot(LocalReasoningGrammar mode, ReasoningStart start, int? maxChars)
    {
        var grammar = ReasoningGrammar.Wrap(JsonSchemaGbnfConverter.Convert(Schema), ReasoningTags.Think, mode, start, maxChars);

        GbnfLint.Problems(grammar).Should().BeEmpty(grammar);
        grammar.Should().StartWith(ReasoningGrammar.Root + " ::= ");
        grammar.Should().Contain("reasoning-char ::= [^\\u003C] | \"<\" [^\\u002F]");
        grammar.Contains("\"<think>\"", StringComparison.Ordinal).Should().Be(start != ReasoningStart.Prompt);
    }

    [Fact]
    public void Wrap_TagsWithClassCharacters_AreEscaped()
    {
        var grammar = ReasoningGrammar.Wrap(JsonSchemaGbnfConverter.Convert(Schema), new ReasoningTags("[THINK]", "]^\\-"), LocalReasoningGrammar.Required, ReasoningStart.Detect, null);

        GbnfLint.Problems(grammar).Should().BeEmpty(grammar);
        grammar.Should().Contain("[^\\u005D] | \"]\" [^\\u005E]");
    }
}
