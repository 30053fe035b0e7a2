using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Components;
using MidTrain.Orchestrator.Rewards;
using MidTrain.Orchestrator.Rewards.Http;
using MidTrain.Verifiers.Code;

namespace MidTrain.Bench;

/// <summary>
/// <c>rewards [--batch 256] [--copies 40] [--in-flight 2] [--rounds 3] [--code-rounds 2] [--code-batch 41]</c>: what
/// <c>midtrain serve rewards</c> costs over its in-process work, in one run. Math: the 268 Math-Verify acceptance
/// cases × <c>copies</c> as <c>/v1/reward</c> batches of <c>batch</c> items over loopback HTTP (<c>in-flight</c>
/// requests at once, responses read and parsed), against the math verifier created through its factory and run on
/// every core over the same (gold, prediction) pairs (<c>ratio</c>, target ≥ 0.5). Code: the 164 canonical HumanEval
/// solutions as <c>kind: code</c> items in batches of <c>code-batch</c>, against the same sandbox pool running the same
/// complete programs directly (<c>ratio</c>). Rounds alternate; the best round of each path counts.
/// </summary>
internal sealed class RewardsBenchmark : IBenchmark
{
    public string Name => "rewards";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var batch = IntArg(args, "--batch") ?? 256;
        var copies = IntArg(args, "--copies") ?? 40;
        var inFlight = IntArg(args, "--in-flight") ?? 2;
        var rounds = IntArg(args, "--rounds") ?? 3;
        var codeRounds = IntArg(args, "--code-rounds") ?? 2;
        var codeBatch = IntArg(args, "--code-batch") ?? 41;
        var result = new JsonObject { ["cores"] = Environment.ProcessorCount };
        result["math"] = await MathAsync(batch, copies, inFlight, rounds, cancellationToken);
        result["code"] = ExecutableOnPath("bwrap")
            ? await CodeAsync(codeBatch, codeRounds, cancellationToken)
            : new JsonObject { ["skipped"] = "bubblewrap (bwrap) is not installed" };
        return result;
    }

    private static async Task<JsonObject> MathAsync(int batch, int copies, int inFlight, int rounds, CancellationToken cancellationToken)
    {
        var cases = File.ReadAllLines(FindAcceptance("math-verify-cases.jsonl")).Where(l => l.Trim().Length > 0)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(c => (Gold: c["gold"]!.GetValue<string>(), Prediction: c["prediction"]!.GetValue<string>()))
            .ToArray();
        var pairs = Enumerable.Repeat(cases, copies).SelectMany(c => c).ToArray();

        // In process: the verifier the server's math reward uses, through its factory, on every core.
        var factory = BuiltInComponents.Catalog.Find<IVerifierFactory>("math")!;
        var verifier = factory.Create(OptionsBinder.Bind(factory.OptionsType, ConfigMapping.Empty("bench")), new ComponentContext { Catalog = BuiltInComponents.Catalog });
        var samples = pairs.Select(p => new Sample
        {
            Id = "bench",
            Source = new SourceSpan("bench", 0, 0, 0),
            Messages = [new Message(Message.Assistant, p.Prediction)],
            Fields = new Dictionary<string, JsonElement> { ["gold"] = JsonSerializer.SerializeToElement(p.Gold) },
        }).ToArray();
        var passes = new int[samples.Length];
        double InProcess()
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, samples.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var verdict = verifier.VerifyAsync(samples[i], cancellationToken);
                passes[i] = (verdict.IsCompleted ? verdict.Result : verdict.AsTask().GetAwaiter().GetResult()).Outcome == VerdictOutcome.Pass ? 1 : 0;
            });
            return samples.Length / clock.Elapsed.TotalSeconds;
        }

        // Over HTTP: the same pairs as /v1/reward batches, bodies serialized up front (what a trainer has ready).
        await using var rewards = RewardSet.Parse("run_code: false\nrewards:\n  math: {kind: math}\n", "bench.yaml");
        await using var server = await RewardServer.StartAsync(rewards, new RewardServerOptions { Port = 0 }, NullLoggerFactory.Instance, cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var bodies = pairs.Chunk(batch).Select(chunk => new JsonObject
        {
            ["batch"] = new JsonArray([.. chunk.Select(p => (JsonNode)new JsonObject { ["data_source"] = "math", ["solution"] = p.Prediction, ["ground_truth"] = p.Gold })]),
        }.ToJsonString()).ToArray();
        var httpPasses = 0;
        async Task<double> OverHttpAsync()
        {
            var next = -1;
            var passed = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < bodies.Length; i = Interlocked.Increment(ref next))
                {
                    using var content = new StringContent(bodies[i], Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("v1/reward", content, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                    var ones = answer.RootElement.GetProperty("scores").EnumerateArray().Count(s => s.GetDouble() == 1);
                    Interlocked.Add(ref passed, ones);
                }
            }));
            httpPasses = passed;
            return pairs.Length / clock.Elapsed.TotalSeconds;
        }

        // Warm-up of both paths (JIT, regexes, connections).
        InProcess();
        await OverHttpAsync();
        double bestInProcess = 0, bestHttp = 0;
        for (var r = 0; r < rounds; r++)
        {
            bestInProcess = Math.Max(bestInProcess, InProcess());
            bestHttp = Math.Max(bestHttp, await OverHttpAsync());
        }

        return new JsonObject
        {
            ["items"] = pairs.Length,
            ["batch"] = batch,
            ["requests_in_flight"] = inFlight,
            ["in_process_verifier_per_s"] = Math.Round(bestInProcess, 1),
            ["http_rewards_per_s"] = Math.Round(bestHttp, 1),
            ["ratio"] = Math.Round(bestHttp / bestInProcess, 3),
            ["in_process_passes"] = passes.Sum(),
            ["http_passes"] = httpPasses,
            ["rounds"] = rounds,
        };
    }

    private static async Task<JsonObject> CodeAsync(int batch, int rounds, CancellationToken cancellationToken)
    {
        var problems = new List<JsonObject>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(FindAcceptance("HumanEval.jsonl.gz")), CompressionMode.Decompress)))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length > 0)
                {
                    problems.Add(JsonNode.Parse(line)!.AsObject());
                }
            }
        }

        await using var rewards = RewardSet.Parse("rewards:\n  humaneval: {kind: code, timeout_s: 30}\n", "bench.yaml");
        var sandbox = rewards.Sandbox!;
        await using var server = await RewardServer.StartAsync(rewards, new RewardServerOptions { Port = 0 }, NullLoggerFactory.Instance, cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var programs = problems.Select(p => $"{p["prompt"]}{p["canonical_solution"]}\n\n{p["test"]}\n\ncheck({p["entry_point"]})\n").ToArray();
        var bodies = problems.Chunk(batch).Select(chunk => new JsonObject
        {
            ["batch"] = new JsonArray([.. chunk.Select(p => (JsonNode)new JsonObject
            {
                ["data_source"] = "humaneval",
                ["solution"] = $"```python\n{p["canonical_solution"]}\n```",
                ["ground_truth"] = new JsonObject { ["prompt"] = p["prompt"]!.GetValue<string>(), ["test"] = p["test"]!.GetValue<string>(), ["entry_point"] = p["entry_point"]!.GetValue<string>() },
            })]),
        }.ToJsonString()).ToArray();

        var sandboxPassed = 0;
        async Task<double> SandboxAsync()
        {
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(programs.Select(p => sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, p) { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken)));
            sandboxPassed = results.Count(r => r.Status == ExecutionStatus.Passed);
            return programs.Length / clock.Elapsed.TotalSeconds;
        }

        var httpPassed = 0;
        async Task<double> OverHttpAsync()
        {
            var clock = Stopwatch.StartNew();
            var passed = await Task.WhenAll(bodies.Select(async body =>
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("v1/reward", content, cancellationToken);
                response.EnsureSuccessStatusCode();
                using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                return answer.RootElement.GetProperty("scores").EnumerateArray().Count(s => s.GetDouble() == 1);
            }));
            httpPassed = passed.Sum();
            return programs.Length / clock.Elapsed.TotalSeconds;
        }

        await SandboxAsync();
        await OverHttpAsync();
        double bestSandbox = 0, bestHttp = 0;
        for (var r = 0; r < rounds; r++)
        {
            bestSandbox = Math.Max(bestSandbox, await SandboxAsync());
            bestHttp = Math.Max(bestHttp, await OverHttpAsync());
        }

        return new JsonObject
        {
            ["items"] = programs.Length,
            ["batch"] = batch,
            ["pool"] = sandbox.MaxConcurrency,
            ["sandbox_per_s"] = Math.Round(bestSandbox, 2),
            ["http_rewards_per_s"] = Math.Round(bestHttp, 2),
            ["ratio"] = Math.Round(bestHttp / bestSandbox, 3),
            ["sandbox_passed"] = sandboxPassed,
            ["http_passed"] = httpPassed,
            ["rounds"] = rounds,
        };
    }

    private static bool ExecutableOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));

    private static string FindAcceptance(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MidTrain.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? ".", "..", "shared", "acceptance", name);
        return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"{name} not found beside the repository (../shared/acceptance)", path);
    }

    private static int? IntArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : null;
    }
}
