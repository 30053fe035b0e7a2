using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

/// <summary>The server's HTTP behaviour (auth, limits, admission, deadlines, shutdown, error bodies) over hand-written backends.</summary>
public sealed class ServerBehaviourTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
    private const string StreamingChat = """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}""";

    private static Task<OpenAiCompatibleServer> Start(IChatClient backend, OpenAiServerOptions? options = null, TimeProvider? clock = null, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null) =>
        OpenAiCompatibleServer.StartAsync(backend, embeddings, options ?? new OpenAiServerOptions { Port = 0, ModelId = "m" }, NullLoggerFactory.Instance, clock);

    private static HttpClient Client(OpenAiCompatibleServer server, string? key = null)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Limit };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, string body, CancellationToken cancellationToken = default) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error").Clone();
        error.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        error.TryGetProperty("type", out _).Should().BeTrue();
        error.TryGetProperty("param", out _).Should().BeTrue();
        error.TryGetProperty("code", out _).Should().BeTrue();
        return error;
    }

    [Fact]
    public async Task ApiKey_MissingOrWrong_401WithErrorObject_HealthStaysOpen()
    {
        var backend = new ScriptedChatClient(call => ScriptedChatClient.Text("ok"));
        await using var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", ApiKey = "sk-right" });

        using var anonymous = Client(server);
        using var missing = await Post(anonymous, "chat/completions", Chat);
        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        (await ErrorOf(missing)).GetProperty("code").GetString().Should().Be("invalid_api_key");

        using var wrongClient = Client(server, "sk-wrong");
        using var wrong = await Post(wrongClient, "chat/completions", Chat);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).Should().NotContain("sk-right").And.NotContain("sk-wrong");
        (await wrongClient.GetAsync("models")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrongClient.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        backend.CallCount.Should().Be(0);

        (await anonymous.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var right = Client(server, "sk-right");
        (await Post(right, "chat/completions", Chat)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await right.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QueueFull_429WithRetryAfter_ThenQueuedRequestsComplete()
    {
        var backend = new GatedChatClient();
        await using var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", Parallel = 1, MaxQueue = 1, RetryAfter = TimeSpan.FromSeconds(2) });
        using var http = Client(server);

        var running = Post(http, "chat/completions", Chat);
        await Deadline.Until(() => backend.Started == 1, Limit);
        var queued = Post(http, "chat/completions", Chat);
        await Deadline.Until(() => server.Metrics.Write().Contains("midtrain_queue_depth{route=\"/v1/chat/completions\"} 1\n", StringComparison.Ordinal), Limit);
        server.Metrics.Write().Should().Contain("midtrain_queue_depth{route=\"/v1/chat/completions\"} 1\n");

        using var refused = await Post(http, "chat/completions", Chat);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        (await ErrorOf(refused)).GetProperty("code").GetString().Should().Be("rate_limit_exceeded");
        backend.Started.Should().Be(1, "the queued request waits for the one running");

        backend.Release();
        (await Deadline.Within(running, Limit)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Deadline.Within(queued, Limit)).StatusCode.Should().Be(HttpStatusCode.OK);
        server.Metrics.Requests(ChatCompletionsHandler.Route, 429).Should().Be(1);
        server.Metrics.Requests(ChatCompletionsHandler.Route, 200).Should().Be(2);
    }

    [Fact]
    public async Task ClientLeavesWhileQueued_ItsPlaceIsFreed()
    {
        var backend = new GatedChatClient();
        await using var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", Parallel = 1, MaxQueue = 1 });
        using var http = Client(server);
        var running = Post(http, "chat/completions", Chat);
        await Deadline.Until(() => backend.Started == 1, Limit);

        using (var leave = new CancellationTokenSource())
        {
            var queued = Post(http, "chat/completions", Chat, leave.Token);
            await Deadline.Until(() => server.Metrics.Write().Contains("midtrain_queue_depth{route=\"/v1/chat/completions\"} 1\n", StringComparison.Ordinal), Limit);
            await leave.CancelAsync();
            await FluentActions.Awaiting(() => queued).Should().ThrowAsync<OperationCanceledException>();
        }

        await Deadline.Until(() => server.Metrics.Write().Contains("midtrain_queue_depth{route=\"/v1/chat/completions\"} 0\n", StringComparison.Ordinal), Limit);
        var next = Post(http, "chat/completions", Chat);
        backend.Release();
        (await Deadline.Within(next, Limit)).StatusCode.Should().Be(HttpStatusCode.OK, "the queue place of the client that left was given back");
        (await Deadline.Within(running, Limit)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RequestTimeout_BackendTooSlow_504AndBackendCancelled()
    {
        var clock = new FakeTimeProvider();
        var backend = new GatedChatClient();
        await using var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", RequestTimeout = TimeSpan.FromSeconds(30) }, clock);
        using var http = Client(server);

        var call = Post(http, "chat/completions", Chat);
        await Deadline.Until(() => backend.Started == 1, Limit);
        clock.Advance(TimeSpan.FromSeconds(29));
        call.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(2));

        using var response = await Deadline.Within(call, Limit);
        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("timeout");
        backend.Cancelled.Should().Be(1);
    }

    [Fact]
    public async Task RequestTimeout_StreamUnderWay_EndsWithErrorEventNotDone()
    {
        var clock = new FakeTimeProvider();
        var backend = new GatedChatClient();
        await using var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", RequestTimeout = TimeSpan.FromSeconds(30) }, clock);
        using var http = Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(StreamingChat, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = response.Content.ReadAsStringAsync();
        await Deadline.Until(() => backend.Started == 1, Limit);
        clock.Advance(TimeSpan.FromSeconds(31));

        var events = (await Deadline.Within(body, Limit)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        events[0].Should().Contain("\"content\":\"first \"");
        events.Should().NotContain("data: [DONE]");
        using var last = JsonDocument.Parse(events[^1]["data: ".Length..]);
        last.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("timeout");
    }

    [Fact]
    public async Task BodyTooLarge_413WithErrorObject()
    {
        var backend = new ScriptedChatClient(call => ScriptedChatClient.Text("ok"));
        await using var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", MaxRequestBodyBytes = 2048 });
        using var http = Client(server);
        var big = $$"""{"model":"m","messages":[{"role":"user","content":"{{new string('x', 4096)}}"}]}""";
        using var response = await Post(http, "chat/completions", big);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("request_too_large");
        backend.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task Validation_ReachesTheBackendOnlyWhenValid()
    {
        var backend = new GatedChatClient();
        backend.Release();
        await using var server = await Start(backend);
        using var http = Client(server);

        using var badJson = await Post(http, "chat/completions", "{\"model\": ");
        badJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorOf(badJson)).GetProperty("code").GetString().Should().Be("invalid_json");

        using var unknownModel = await Post(http, "chat/completions", """{"model":"other","messages":[{"role":"user","content":"x"}]}""");
        unknownModel.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorOf(unknownModel)).GetProperty("code").GetString().Should().Be("model_not_found");

        using var tools = await Post(http, "chat/completions", """{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}]}""");
        tools.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorOf(tools)).GetProperty("param").GetString().Should().Be("tools");
        backend.Started.Should().Be(0);

        using var ok = await Post(http, "chat/completions", """{"model":"m","messages":[{"role":"developer","content":"s"},{"role":"user","content":"x"}],"max_tokens":5,"seed":3}""");
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        backend.LastOptions!.MaxOutputTokens.Should().Be(5);
        backend.LastMessages!.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User);
    }

    [Fact]
    public async Task BackendRefusesContextLength_400ContextLengthExceeded()
    {
        var backend = new ScriptedChatClient(_ => throw new ModelCallException(ModelFailureKinds.ContextLength, "prompt (9000 tokens) + max output exceeds the context size 8192"));
        await using var server = await Start(backend);
        using var http = Client(server);
        foreach (var body in new[] { Chat, StreamingChat })
        {
            using var response = await Post(http, "chat/completions", body);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
            (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("context_length_exceeded");
        }
    }

    [Fact]
    public async Task OtherRoutes_AnswerWithErrorBodies()
    {
        await using var server = await Start(new ScriptedChatClient(call => ScriptedChatClient.Text("ok")));
        using var http = Client(server);

        using var unknown = await http.GetAsync("no/such/route");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorOf(unknown)).GetProperty("message").GetString().Should().Contain("/v1/no/such/route");

        using var method = await http.GetAsync("chat/completions");
        method.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        await ErrorOf(method);

        using var legacy = await Post(http, "completions", """{"model":"m","prompt":"x"}""");
        legacy.StatusCode.Should().Be(HttpStatusCode.NotImplemented);
        (await ErrorOf(legacy)).GetProperty("message").GetString().Should().Contain("/v1/chat/completions");

        using var embeddings = await Post(http, "embeddings", """{"model":"m","input":"x"}""");
        embeddings.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorOf(embeddings)).GetProperty("message").GetString().Should().Contain("no embedding model");

        using var health = await http.GetAsync("/health");
        (await health.Content.ReadAsStringAsync()).Should().Be("{\"status\":\"ok\"}");
    }

    [Fact]
    public async Task Stop_RequestInFlight_FinishesWithinTheGracePeriod()
    {
        var clock = new FakeTimeProvider();
        var backend = new GatedChatClient();
        var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", ShutdownTimeout = TimeSpan.FromSeconds(10) }, clock);
        using var http = Client(server);
        var call = Post(http, "chat/completions", Chat);
        await Deadline.Until(() => backend.Started == 1, Limit);

        var stop = server.StopAsync();
        await Deadline.Until(() => !CanConnect(server.BaseAddress), Limit);
        CanConnect(server.BaseAddress).Should().BeFalse("a stopping server accepts no new connections");
        stop.IsCompleted.Should().BeFalse("a request is in flight and the grace period has not passed");

        backend.Release();
        using var response = await Deadline.Within(call, Limit);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"content\":\"done\"");
        await Deadline.Within(stop, Limit);
        backend.Cancelled.Should().Be(0);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stop_GracePeriodPasses_StreamCancelledWithShutdownErrorAndStopReturns()
    {
        var clock = new FakeTimeProvider();
        var backend = new GatedChatClient();
        var server = await Start(backend, new OpenAiServerOptions { Port = 0, ModelId = "m", ShutdownTimeout = TimeSpan.FromSeconds(10) }, clock);
        using var http = Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(StreamingChat, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = response.Content.ReadAsStringAsync();
        await Deadline.Until(() => backend.Started == 1, Limit);

        var stop = server.StopAsync();
        await Deadline.Until(() => !CanConnect(server.BaseAddress), Limit);
        clock.Advance(TimeSpan.FromSeconds(11));

        await Deadline.Within(stop, Limit, "StopAsync after the grace period");
        backend.Cancelled.Should().Be(1);
        var text = await Deadline.Within(body, Limit);
        text.Should().Contain("server_shutting_down").And.NotContain("[DONE]");
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Embeddings_FloatAndBase64_SameVectorsWithUsage()
    {
        var embeddings = new HashingEmbeddingGenerator(dimensions: 8);
        await using var server = await Start(new ScriptedChatClient(call => ScriptedChatClient.Text("ok")), new OpenAiServerOptions { Port = 0, ModelId = "m", EmbeddingModelId = "e" }, embeddings: embeddings);
        using var http = Client(server);

        using var floats = JsonDocument.Parse(await (await Post(http, "embeddings", """{"model":"e","input":["a b","c"]}""")).Content.ReadAsStringAsync());
        using var packed = JsonDocument.Parse(await (await Post(http, "embeddings", """{"model":"e","input":["a b","c"],"encoding_format":"base64"}""")).Content.ReadAsStringAsync());
        floats.RootElement.GetProperty("model").GetString().Should().Be("e");
        floats.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(3);
        var data = floats.RootElement.GetProperty("data");
        data.GetArrayLength().Should().Be(2);
        for (var i = 0; i < 2; i++)
        {
            data[i].GetProperty("index").GetInt32().Should().Be(i);
            var vector = data[i].GetProperty("embedding").EnumerateArray().Select(x => x.GetSingle()).ToArray();
            vector.Should().Equal(embeddings.Vector(i == 0 ? "a b" : "c"));
            var bytes = Convert.FromBase64String(packed.RootElement.GetProperty("data")[i].GetProperty("embedding").GetString()!);
            Enumerable.Range(0, bytes.Length / 4).Select(j => BitConverter.ToSingle(bytes, j * 4)).Should().Equal(vector);
        }

        foreach (var (body, param) in new[]
                 {
                     ("""{"model":"e","input":[]}""", "input"),
                     ("""{"model":"e","input":""}""", "input"),
                     ("""{"model":"e","input":[1,2,3]}""", "input"),
                     ("""{"model":"e","input":"x","encoding_format":"int8"}""", "encoding_format"),
                     ("""{"model":"e","input":"x","dimensions":4}""", "dimensions"),
                 })
        {
            using var refused = await Post(http, "embeddings", body);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
            (await ErrorOf(refused)).GetProperty("param").GetString().Should().Be(param, body);
        }

        (await Post(http, "embeddings", """{"model":"e","input":"x","dimensions":8}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Post(http, "embeddings", """{"model":"m","input":"x"}""")).StatusCode.Should().Be(HttpStatusCode.NotFound, "m is the chat model");
        using var models = JsonDocument.Parse(await http.GetStringAsync("models"));
        models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal("m", "e");
    }

    private static bool CanConnect(Uri address)
    {
        try
        {
            using var socket = new System.Net.Sockets.TcpClient();
            socket.Connect(address.Host, address.Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>A deterministic embedding fake: each whitespace-separated word counts as a token.</summary>
    private sealed class HashingEmbeddingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public float[] Vector(string text) => Enumerable.Range(0, dimensions).Select(i => (float)((text.Length * 31 + i * 7) % 13) / 13f).ToArray();

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            var result = new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(Vector(v))))
            {
                Usage = new UsageDetails { InputTokenCount = list.Sum(v => v.Split(' ').Length) },
            };
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake", null, "e", dimensions) : null;

        public void Dispose()
        {
        }
    }
}
