using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using MidTrain.Models.Local;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Models;
using MidTrain.Models.Serving;

namespace MidTrain.Bench;

/// <summary>
/// <c>remote-concurrency</c>: a loopback OpenAI-compatible server whose every answer takes a fixed 100 ms, called through
/// the full remote stack (SK connector, resilience, usage) with 32 requests in flight, 2,000 requests:
/// <c>ratio</c> = achieved requests/s ÷ (32 / 0.1 s). Args: [requests] [concurrency] [fixed|auto] (auto:
/// <c>max_concurrency: auto</c>, starting from its default 16 per endpoint, warm-up excluded so the limit must grow).
/// </summary>
internal sealed class RemoteConcurrencyBenchmark : IBenchmark
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    public string Name => "remote-concurrency";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        // The server runs as many requests at once as the client sends: the benchmark measures the client stack.
        await using var server = await OpenAiCompatibleServer.StartAsync(new FixedLatencyChatClient(Latency), new OpenAiServerOptions { Port = 0, ModelId = "fixed", Parallel = concurrency }, NullLoggerFactory.Instance, cancellationToken: cancellationToken);
        var auto = args.Length > 2 && args[2] == "auto";
        var spec = new ModelSpec
        {
            Name = "remote",
            Provider = ModelProvider.Openai,
            Model = "fixed",
            OpenAi = new OpenAiModelOptions { Endpoint = server.BaseAddress.ToString() },
            Resilience = new ResilienceOptions { Concurrency = auto ? Models.Concurrency.ConcurrencyLimit.Adaptive() : Models.Concurrency.ConcurrencyLimit.Fixed(concurrency) },
        };
        // Warm-up: connections, JIT. The adaptive limit is measured from its start, so it gets a fresh model after a
        // warm-up through another one (its connections are opened inside the measurement).
        var warm = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default, cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => warm.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "warm " + i)], cancellationToken: cancellationToken)));
        if (auto)
        {
            await warm.DisposeAsync();
            warm = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default, cancellationToken);
        }

        await using var handle = warm;
        var started = Stopwatch.GetTimestamp();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            try
            {
                await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q" + i)], cancellationToken: cancellationToken);
            }
            catch (ModelCallException)
            {
                Interlocked.Increment(ref failures);
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var achieved = requests / seconds;
        var ideal = concurrency / Latency.TotalSeconds;
        return new JsonObject
        {
            ["ratio"] = Math.Round(achieved / ideal, 3),
            ["requests_per_s"] = Math.Round(achieved, 1),
            ["ideal_requests_per_s"] = ideal,
            ["requests"] = requests,
            ["concurrency"] = concurrency,
            ["failures"] = failures,
            ["seconds"] = Math.Round(seconds, 2),
            ["concurrency_mode"] = auto ? "auto" : "fixed",
            ["final_limit"] = handle.Client.GetService(typeof(Models.Concurrency.AdaptiveConcurrency)) is Models.Concurrency.AdaptiveConcurrency adaptive ? adaptive.Endpoints.Sum(e => e.Limit) : concurrency,
        };
    }

    /// <summary>A backend that answers every request after exactly <c>latency</c>.</summary>
    private sealed class FixedLatencyChatClient(TimeSpan latency) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Delay(latency, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = 1, OutputTokenCount = 1 } };
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken);
            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
