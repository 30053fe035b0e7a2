using MidTrain.Core.Models;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Models.Tests.Local;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Serving;

public sealed class ServeRoundTripTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static ChatMessage[] Prompt(string text) => [new(ChatRole.User, text)];

    [Fact]
    public async Task SemanticKernelClient_SameSeed_MatchesLocalBackendOutput()
    {
        var options = new ChatOptions { MaxOutputTokens = 16, Seed = 21, Temperature = 1f };
        var local = await Deadline.Within(fixture.Local.Backend.GetResponseAsync(Prompt("hi"), options), Limit);
        var remote = await Deadline.Within(fixture.Remote.Client.GetResponseAsync(Prompt("hi"), options), Limit);
        remote.Text.Should().Be(local.Text);
        remote.Usage!.OutputTokenCount.Should().Be(local.Usage!.OutputTokenCount);
        remote.Usage.InputTokenCount.Should().Be(local.Usage.InputTokenCount);
        fixture.Remote.Fingerprint.Should().Be("openai:" + fixture.Server.BaseAddress.ToString().TrimEnd('/') + "#tiny");
    }

    [Fact]
    public async Task SemanticKernelClient_Streaming_ConcatenationEqualsNonStreaming()
    {
        var options = new ChatOptions { MaxOutputTokens = 16, Seed = 4, Temperature = 1f };
        var whole = await fixture.Remote.Client.GetResponseAsync(Prompt("s"), options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in fixture.Remote.Client.GetStreamingResponseAsync(Prompt("s"), options))
        {
            updates.Add(u);
        }

        updates.Count.Should().BeGreaterThan(2);
        updates.ToChatResponse().Text.Should().Be(whole.Text);
    }

    [Fact]
    public async Task SemanticKernelClient_JsonSchema_ServerEnforcesSchema()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"score":{"type":"integer","minimum":1,"maximum":5},"why":{"type":"string","maxLength":5}},"required":["score","why"]}""");
        var options = new ChatOptions { MaxOutputTokens = 100, Seed = 8, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "grade") };
        var response = await Deadline.Within(fixture.Remote.Client.GetResponseAsync(Prompt("grade"), options), Limit);
        using var output = JsonDocument.Parse(response.Text);
        SchemaCheck.Matches(output.RootElement, schema.RootElement).Should().BeTrue(response.Text);
    }

    [Fact]
    public async Task SemanticKernelClient_Logprobs_AreServedAndReadBack()
    {
        var options = new ChatOptions { MaxOutputTokens = 4, Seed = 1, AdditionalProperties = new() { ["logprobs"] = true, ["top_logprobs"] = 2 } };
        var response = await fixture.Remote.Client.GetResponseAsync(Prompt("lp"), options);
        var logprobs = ChatLogprobs.FromResponse(response);
        logprobs.Should().NotBeNull();
        logprobs!.Should().NotBeEmpty().And.OnlyContain(l => l.TopLogprobs.Count == 2 && l.Logprob <= 0);
    }

    [Fact]
    public async Task RawHttp_NonStreaming_AcceptsBothTokenLimitSpellings()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        foreach (var field in new[] { "max_tokens", "max_completion_tokens" })
        {
            var body = $$"""{"model":"tiny","messages":[{"role":"user","content":"x"}],"{{field}}":3,"seed":5,"temperature":0.7,"top_p":0.9}""";
            using var response = await http.PostAsync("chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            json.RootElement.GetProperty("object").GetString().Should().Be("chat.completion");
            json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().BeInRange(1, 3);
            json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        }
    }

    [Fact]
    public async Task RawHttp_Streaming_SendsSseChunksUsageAndDone()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var body = """{"model":"tiny","messages":[{"role":"user","content":"x"}],"max_tokens":6,"seed":5,"stream":true,"stream_options":{"include_usage":true}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().OnlyContain(l => l.StartsWith("data: "));
        lines[^1].Should().Be("data: [DONE]");
        var chunks = lines[..^1].Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement).ToList();
        chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString().Should().Be("assistant");
        chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().BeInRange(1, 6);
        chunks.Count(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String).Should().Be(1);
    }

    [Fact]
    public async Task RawHttp_Models_ListsServedModel()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var json = await http.GetFromJsonAsync<JsonElement>("models");
        json.GetProperty("data")[0].GetProperty("id").GetString().Should().Be("tiny");
    }

    [Fact]
    public async Task RawHttp_BadBody_Returns400()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.PostAsync("chat/completions", new StringContent("{\"model\": \"tiny\", \"messages\": 3}", Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).Should().Be(400);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be("messages");
        json.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("invalid_type");
    }
}
