using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Models;
using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;

namespace MidTrain.Bench;

/// <summary>
/// <c>remote-scale</c>: requests/s with 512 requests in flight against two zero-work loopback OpenAI servers, through
/// (1) a raw <see cref="HttpClient"/> loop (POST a JSON body, parse the JSON answer), (2) the SK connector alone
/// (<c>OpenAiEndpointChatClient</c>), (3) the full stack (pool of the two endpoints, resilience, usage, SK connector,
/// cache off), in alternating rounds (best of three each); <c>ratio</c> = full ÷ raw (target ≥ 0.7) and CPU µs per
/// request of each (server included: it runs in this process) to show where the time goes. Then the 32-in-flight,
/// 100 ms-latency figure with <c>max_concurrency: auto</c> (target ≥ 0.9 of ideal). Args: [requests per round] [in flight]
/// [variant: run only it, ten rounds, for a profiler].
/// </summary>
internal sealed class RemoteScaleBenchmark : IBenchmark
{
    public string Name => "remote-scale";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512;
        await using var a = new ZeroWorkOpenAiServer();
        await using var b = new ZeroWorkOpenAiServer();
        string[] endpoints = [a.Endpoint, b.Endpoint];

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All }) { Timeout = Timeout.InfiniteTimeSpan };
        var rawUris = endpoints.Select(e => new Uri(e + "/chat/completions")).ToArray();
        async Task Raw(int i)
        {
            var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"q" + i.ToString(CultureInfo.InvariantCulture) + "\"}],\"model\":\"zero\"}";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(rawUris[i % 2], content, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            _ = json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        }

        // The OpenAI SDK alone (what SK's connector calls), on the same kind of transport as the connector.
        using var sdkHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All }) { Timeout = Timeout.InfiniteTimeSpan };
        var sdks = endpoints.Select(e => new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential("no-key"), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(e + "/"),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(sdkHttp),
        }).GetChatClient("zero")).ToArray();
        Task Sdk(int i) => sdks[i % 2].CompleteChatAsync([new OpenAI.Chat.UserChatMessage("q" + i.ToString(CultureInfo.InvariantCulture))], cancellationToken: cancellationToken);

        var connectors = endpoints.Select(e => new OpenAiEndpointChatClient(new Uri(e + "/"), "zero", null, TimeProvider.System, NullLoggerFactory.Instance)).ToArray();
        Task Connector(int i) => connectors[i % 2].GetResponseAsync([new ChatMessage(ChatRole.User, "q" + i.ToString(CultureInfo.InvariantCulture))], cancellationToken: cancellationToken);

        var spec = new ModelSpec
        {
            Name = "scale",
            Provider = ModelProvider.Openai,
            Model = "zero",
            OpenAi = new OpenAiModelOptions { Endpoints = endpoints },
            Resilience = new ResilienceOptions { MaxConcurrency = inFlight },
        };
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default, cancellationToken);
        Task Stack(int i) => handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "q" + i.ToString(CultureInfo.InvariantCulture))], cancellationToken: cancellationToken);

        var variants = new (string Name, Func<int, Task> Call)[] { ("raw_http", Raw), ("openai_sdk", Sdk), ("sk_connector", Connector), ("full_stack", Stack) };
        if (args.Length > 2)
        {
            // Profiling aid: run only the named variant for ten rounds.
            var only = variants.Single(v => v.Name == args[2]);
            var figures = new JsonObject();
            for (var round = 0; round < 10; round++)
            {
                var (rps, cpu, bytes) = await Measure(only.Call, requests, inFlight);
                figures[$"round{round}"] = $"{rps:0} req/s, {cpu:0.0} us cpu, {bytes:0} bytes";
            }

            return figures;
        }

        // Warm-up: connections, and tiered JIT with dynamic PGO, which takes about 100,000 calls of a variant to settle
        // (measured: the SK connector's CPU per request falls from ~300 µs to ~90 µs over its first five rounds).
        for (var round = 0; round < 5; round++)
        {
            foreach (var (_, call) in variants)
            {
                await Measure(call, requests, inFlight);
            }
        }

        var best = variants.ToDictionary(v => v.Name, _ => (Rps: 0.0, CpuUs: double.MaxValue, Bytes: double.MaxValue));
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, call) in variants)
            {
                var (rps, cpu, bytes) = await Measure(call, requests, inFlight);
                best[name] = (Math.Max(best[name].Rps, rps), Math.Min(best[name].CpuUs, cpu), Math.Min(best[name].Bytes, bytes));
            }
        }

        foreach (var connector in connectors)
        {
            connector.Dispose();
        }

        var auto = await new RemoteConcurrencyBenchmark().RunAsync(["2000", "32", "auto"], cancellationToken);
        var raw = best["raw_http"];
        var full = best["full_stack"];
        var sk = best["sk_connector"];
        var sdk = best["openai_sdk"];
        return new JsonObject
        {
            ["ratio"] = Math.Round(full.Rps / raw.Rps, 3),
            ["requests_per_s"] = Math.Round(full.Rps),
            ["raw_requests_per_s"] = Math.Round(raw.Rps),
            ["sk_connector_requests_per_s"] = Math.Round(sk.Rps),
            ["sk_connector_ratio"] = Math.Round(sk.Rps / raw.Rps, 3),
            ["openai_sdk_requests_per_s"] = Math.Round(sdk.Rps),
            ["openai_sdk_ratio"] = Math.Round(sdk.Rps / raw.Rps, 3),
            ["cpu_us_per_request"] = new JsonObject
            {
                ["raw_http"] = Math.Round(raw.CpuUs, 1),
                ["openai_sdk"] = Math.Round(sdk.CpuUs, 1),
                ["sk_connector"] = Math.Round(sk.CpuUs, 1),
                ["full_stack"] = Math.Round(full.CpuUs, 1),
                ["openai_sdk_over_raw"] = Math.Round(sdk.CpuUs - raw.CpuUs, 1),
                ["sk_over_openai_sdk"] = Math.Round(sk.CpuUs - sdk.CpuUs, 1),
                ["middleware_over_sk_connector"] = Math.Round(full.CpuUs - sk.CpuUs, 1),
            },
            ["bytes_allocated_per_request"] = new JsonObject
            {
                ["raw_http"] = Math.Round(raw.Bytes),
                ["openai_sdk"] = Math.Round(sdk.Bytes),
                ["sk_connector"] = Math.Round(sk.Bytes),
                ["full_stack"] = Math.Round(full.Bytes),
            },
            ["requests_per_round"] = requests,
            ["in_flight"] = inFlight,
            ["cores"] = Environment.ProcessorCount,
            ["auto_32_in_flight_100ms"] = new JsonObject
            {
                ["ratio"] = auto["ratio"]?.DeepClone(),
                ["requests_per_s"] = auto["requests_per_s"]?.DeepClone(),
                ["ideal_requests_per_s"] = auto["ideal_requests_per_s"]?.DeepClone(),
                ["failures"] = auto["failures"]?.DeepClone(),
                ["final_limit"] = auto["final_limit"]?.DeepClone(),
            },
        };
    }

    /// <summary>Runs <paramref name="requests"/> calls with <paramref name="inFlight"/> at a time; requests/s, process CPU µs and bytes allocated per request.</summary>
    private static async Task<(double Rps, double CpuUs, double Bytes)> Measure(Func<int, Task> call, int requests, int inFlight)
    {
        var next = -1;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                await call(i);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        return (requests / seconds, (process.TotalProcessorTime - cpu).TotalMicroseconds / requests, (double)(GC.GetTotalAllocatedBytes(precise: false) - allocated) / requests);
    }
}
