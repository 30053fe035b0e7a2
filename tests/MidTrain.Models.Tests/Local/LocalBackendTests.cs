using MidTrain.Core.Models;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Models.Local;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Local;

public sealed class LocalBackendTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static ChatMessage[] Prompt(string text) => [new(ChatRole.System, "You are a test."), new(ChatRole.User, text)];

    [Fact]
    public async Task CreateAsync_Tiny_LoadsAndReportsTinyAndFingerprint()
    {
        fixture.Handle.IsTinyTestModel.Should().BeTrue();
        fixture.Handle.Fingerprint.Should().MatchRegex("^gguf:sha256=[0-9a-f]{64};size=[0-9]+;quant=F32$");
        var response = await Deadline.Within(fixture.Handle.Client.GetResponseAsync(Prompt("hello"), new ChatOptions { MaxOutputTokens = 12, Seed = 1 }), Limit);
        response.Usage!.InputTokenCount.Should().BeGreaterThan(5);
        response.Usage.OutputTokenCount.Should().BeInRange(1, 12);
        response.FinishReason.Should().Be(response.Usage.OutputTokenCount == 12 ? ChatFinishReason.Length : ChatFinishReason.Stop, "a reply cut at max_tokens ends for its length, a shorter one by stopping");
    }

    [Fact]
    public async Task GetResponseAsync_SameSeed_ByteIdenticalOutput_DifferentSeedDiffers()
    {
        var client = fixture.Handle.Backend;
        async Task<string> Run(long seed) => (await Deadline.Within(client.GetResponseAsync(Prompt("tell me"), new ChatOptions { MaxOutputTokens = 24, Seed = seed, Temperature = 1.0f }), Limit)).Text;
        var a = await Run(5);
        var b = await Run(5);
        var c = await Run(6);
        a.Should().NotBeEmpty();
        a.Should().Be(b);
        c.Should().NotBe(a);
    }

    /// <summary>
    /// Each request in a shared batch is decoded from its own prompt and samples from its own logits row. Exact equality
    /// with the request run alone is not asserted: llama.cpp's CPU kernels take other paths for other batch shapes, and
    /// measured on the tiny model, log-probabilities move by up to 0.02 between the two, so 11 of 320 greedy 32-token
    /// replies (at most 2 per batch of 8) and 12 of 30 sampled ones came out different. A row mix-up would give a
    /// request another prompt's reply, which no rounding difference does.
    /// </summary>
    [Fact]
    public async Task GetResponseAsync_EightDifferentRequestsInOneBatch_EachGetsTheReplyToItsOwnPrompt()
    {
        var client = fixture.Handle.Backend;
        var options = new ChatOptions { MaxOutputTokens = 32, Temperature = 0f, Seed = 3 };
        var prompts = Enumerable.Range(0, 8).Select(i => $"request {i}" + new string('!', i * 3)).ToArray();
        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            alone.Add((await Deadline.Within(client.GetResponseAsync(Prompt(prompt), options), Limit)).Text);
        }

        alone.Distinct().Should().HaveCount(8, "the test needs a different reply per prompt to see a mix-up");
        var together = await Deadline.Within(Task.WhenAll(prompts.Select(p => client.GetResponseAsync(Prompt(p), options))), Limit);

        for (var i = 0; i < prompts.Length; i++)
        {
            alone.Where((_, j) => j != i).Should().NotContain(together[i].Text, "request {0} must not get another request's reply", i);
        }

        together.Where((r, i) => r.Text == alone[i]).Should().HaveCountGreaterThanOrEqualTo(5, "batch-shape rounding changed at most 2 of 8 greedy replies in 40 measured batches");
    }

    [Fact]
    public async Task FormatPrompt_UsesChatMlTemplateFromGguf()
    {
        var client = (LlamaChatClient)fixture.Handle.Backend;
        var text = client.FormatPrompt(Prompt("hi"));
        text.Should().Be("<|im_start|>system\nYou are a test.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"answer":{"type":"string","maxLength":6},"score":{"type":"integer","minimum":1,"maximum":5},"ok":{"type":"boolean"},"label":{"enum":["yes","no"]}},"required":["answer","score","ok","label"]}""")]
    [InlineData("""{"type":"array","items":{"type":"integer","minimum":0,"maximum":99},"minItems":1,"maxItems":3}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":["null","boolean"]}}}""")]
    public async Task GetResponseAsync_JsonSchema_OutputParsesAndMatchesSchema(string schemaJson)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        var options = new ChatOptions
        {
            MaxOutputTokens = 200,
            Seed = 3,
            Temperature = 1.0f,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "test"),
        };
        var response = await Deadline.Within(fixture.Handle.Backend.GetResponseAsync(Prompt("json please"), options), Limit);
        response.FinishReason.Should().Be(ChatFinishReason.Stop, $"grammar must close the JSON: {response.Text}");
        using var output = JsonDocument.Parse(response.Text);
        SchemaCheck.Matches(output.RootElement, schema.RootElement).Should().BeTrue(response.Text);
    }

    [Theory]
    [MemberData(nameof(Grammar.JsonSchemaGbnfConverterTests.Schemas), MemberType = typeof(Grammar.JsonSchemaGbnfConverterTests))]
    public async Task GetResponseAsync_EveryConverterTestSchema_LlamaCppAcceptsGrammar(string schemaJson)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        var options = new ChatOptions { MaxOutputTokens = 24, Seed = 1, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "s") };
        var response = await Deadline.Within(fixture.Handle.Backend.GetResponseAsync(Prompt("j"), options), Limit);
        response.Usage!.OutputTokenCount.Should().BeGreaterThan(0);
        if (response.FinishReason == ChatFinishReason.Stop)
        {
            using var _ = JsonDocument.Parse(response.Text);
        }
    }

    [Fact]
    public async Task GetResponseAsync_EightConcurrent_AllCompleteAndShareDecodeSteps()
    {
        var scheduler = (BatchScheduler)fixture.Handle.Backend.GetService(typeof(BatchScheduler))!;
        var before = scheduler.DecodeSteps;
        var tasks = Enumerable.Range(0, 8).Select(i => fixture.Handle.Backend.GetResponseAsync(Prompt($"request {i}"), new ChatOptions { MaxOutputTokens = 16, Seed = i, Temperature = 1f })).ToArray();
        var responses = await Deadline.Within(Task.WhenAll(tasks), Limit);
        responses.Should().HaveCount(8).And.OnlyContain(r => r.Usage!.OutputTokenCount > 0);
        var tokens = responses.Sum(r => r.Usage!.OutputTokenCount!.Value);
        (scheduler.DecodeSteps - before).Should().BeLessThan(tokens, "sequences decoded together share steps");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Cancelled_StopsGenerationAndFreesSequence()
    {
        var scheduler = (BatchScheduler)fixture.Handle.Backend.GetService(typeof(BatchScheduler))!;
        using var cts = new CancellationTokenSource();
        var received = 0;
        var act = async () =>
        {
            await foreach (var update in fixture.Handle.Backend.GetStreamingResponseAsync(Prompt("long"), new ChatOptions { MaxOutputTokens = 3000, Seed = 9 }, cts.Token))
            {
                if (++received == 3)
                {
                    await cts.CancelAsync();
                }
            }
        };
        await Deadline.Within(act.Should().ThrowAsync<OperationCanceledException>(), Limit);
        await Deadline.Until(() => scheduler.ActiveCount == 0, TimeSpan.FromSeconds(20));

        scheduler.ActiveCount.Should().Be(0);
        received.Should().BeLessThan(100);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_GenerationStops()
    {
        var scheduler = (BatchScheduler)fixture.Handle.Backend.GetService(typeof(BatchScheduler))!;
        var options = new ChatOptions { MaxOutputTokens = 4000, Seed = 12 };
        var natural = (await Deadline.Within(fixture.Handle.Backend.GetResponseAsync(Prompt("abandon"), options), Limit)).Usage!.OutputTokenCount!.Value;
        natural.Should().BeGreaterThan(200, "the test needs a long generation to tell stopping from finishing");

        var before = scheduler.DecodeSteps;
        await foreach (var update in fixture.Handle.Backend.GetStreamingResponseAsync(Prompt("abandon"), options))
        {
            break;
        }

        await Deadline.Until(() => scheduler.ActiveCount == 0, TimeSpan.FromSeconds(20));

        scheduler.ActiveCount.Should().Be(0);
        (scheduler.DecodeSteps - before).Should().BeLessThan(natural / 2, "generation stopped soon after the consumer left");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConcatenatedUpdates_EqualNonStreamingText()
    {
        var options = new ChatOptions { MaxOutputTokens = 20, Seed = 11, Temperature = 1f };
        var full = await fixture.Handle.Backend.GetResponseAsync(Prompt("stream"), options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in fixture.Handle.Backend.GetStreamingResponseAsync(Prompt("stream"), options))
        {
            updates.Add(u);
        }

        updates.ToChatResponse().Text.Should().Be(full.Text);
        updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle();
    }

    [Fact]
    public async Task GetResponseAsync_LogprobsRequested_ReturnsTopKPerToken()
    {
        var options = new ChatOptions { MaxOutputTokens = 5, Seed = 2, AdditionalProperties = new() { ["logprobs"] = true, ["top_logprobs"] = 3 } };
        var response = await fixture.Handle.Backend.GetResponseAsync(Prompt("p"), options);
        var logprobs = ChatLogprobs.FromResponse(response);
        logprobs.Should().NotBeNull();
        logprobs!.Count.Should().Be((int)response.Usage!.OutputTokenCount!.Value);
        logprobs.Should().OnlyContain(l => l.Logprob <= 0 && l.TopLogprobs.Count == 3);
        logprobs.Should().OnlyContain(l => l.TopLogprobs[0].Logprob >= l.TopLogprobs[1].Logprob && l.TopLogprobs[0].Logprob >= l.Logprob - 1e-6);
    }

    [Fact]
    public async Task GetResponseAsync_PromptLargerThanContext_FailsWithContextLength()
    {
        var act = () => fixture.Handle.Backend.GetResponseAsync(Prompt("x"), new ChatOptions { MaxOutputTokens = 10_000 });
        (await act.Should().ThrowAsync<ModelCallException>()).Which.Kind.Should().Be(ModelFailureKinds.ContextLength);
    }
}
