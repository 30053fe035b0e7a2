using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using MidTrain.Models.Local;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using MidTrain.Models;
using MidTrain.Models.Tiny;

namespace MidTrain.Bench;

/// <summary>
/// <c>local-batching</c>: 64 requests × 64 output tokens on a generated ~25M-parameter model through the full
/// middleware stack at parallel 8, against a raw <see cref="BatchedExecutor"/> loop with 8 sequences on the same
/// weights (<c>ratio</c> = pipeline ÷ raw tokens/s, best of two alternating runs each); plus the pipeline at
/// parallel 1 (an eighth of the requests). Args: [requests] [threads].
/// </summary>
internal sealed class LocalBatchingBenchmark : IBenchmark
{
    private const int Parallel = 8;
    private const int OutputTokens = 64;

    public string Name => "local-batching";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
        var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var dir = Path.Combine(Path.GetTempPath(), "midtrain-bench");
        var path = Path.Combine(dir, "bench-25m.gguf");
        var shape = TinyModelOptions.Bench25M();
        if (!File.Exists(path))
        {
            TinyModelWriter.Write(path, shape);
        }

        var prompts = Enumerable.Range(0, requests).Select(i => $"Question {i}: what is the answer to item number {i}?").ToArray();
        var context = Parallel * 160;

        // Alternate the two contenders and keep each one's best of two runs, so that a burst of load from other
        // processes on the machine does not decide the ratio.
        var pipelineRuns = new List<double>();
        var rawRuns = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            pipelineRuns.Add(await PipelineAsync(path, prompts, Parallel, context, threads, cancellationToken));
            rawRuns.Add(Raw(path, prompts, context, threads));
        }

        var pipeline8 = pipelineRuns.Max();
        var raw = rawRuns.Max();
        var pipeline1 = await PipelineAsync(path, prompts[..Math.Max(4, requests / 8)], 1, context, threads, cancellationToken);
        return new JsonObject
        {
            ["ratio"] = Math.Round(pipeline8 / raw, 3),
            ["pipeline_tokens_per_s"] = Math.Round(pipeline8, 1),
            ["raw_tokens_per_s"] = Math.Round(raw, 1),
            ["parallel1_tokens_per_s"] = Math.Round(pipeline1, 1),
            ["parallel8_over_parallel1"] = Math.Round(pipeline8 / pipeline1, 2),
            ["pipeline_runs"] = new JsonArray(pipelineRuns.Select(r => (JsonNode)Math.Round(r, 1)).ToArray()),
            ["raw_runs"] = new JsonArray(rawRuns.Select(r => (JsonNode)Math.Round(r, 1)).ToArray()),
            ["requests"] = requests,
            ["output_tokens"] = OutputTokens,
            ["parameters"] = TinyModelWriter.ParameterCount(shape),
            ["threads"] = threads,
        };
    }

    private static async Task<double> PipelineAsync(string path, string[] prompts, int parallel, int context, int threads, CancellationToken cancellationToken)
    {
        var spec = new ModelSpec { Name = "bench", MaxTokens = OutputTokens, Llama = new LlamaModelOptions { Path = path, Parallel = parallel, Context = context, Threads = threads } };
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default, cancellationToken);
        var options = new ChatOptions { MaxOutputTokens = OutputTokens, Temperature = 0 };
        await handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "warm up")], options, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var responses = await Task.WhenAll(prompts.Select(p => handle.Client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return responses.Sum(r => r.Usage!.OutputTokenCount!.Value) / seconds;
    }

    /// <summary>The baseline: the same prompts decoded by a hand-written loop over BatchedExecutor, 8 at a time.</summary>
    private static double Raw(string path, string[] prompts, int context, int threads)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)context,
            SeqMax = Parallel,
            BatchSize = 512,
            UBatchSize = 512,
            Threads = threads,
            BatchThreads = threads,
            KVUnified = true,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var executor = new BatchedExecutor(weights, parameters);
        var tokenized = prompts.Select(p =>
        {
            var template = new LLamaTemplate(weights, strict: false) { AddAssistant = true };
            template.Add("user", p);
            return weights.Tokenize(Encoding.UTF8.GetString(template.Apply()), weights.Vocab.ShouldAddBOS, true, Encoding.UTF8);
        }).ToArray();

        var next = 0;
        long tokens = 0;
        var active = new List<(Conversation Conversation, SafeLLamaSamplerChainHandle Sampler, int Count)>();
        var started = Stopwatch.GetTimestamp();
        while (next < tokenized.Length || active.Count > 0)
        {
            while (active.Count < Parallel && next < tokenized.Length)
            {
                var conversation = executor.Create();
                conversation.Prompt(tokenized[next++]);
                var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
                sampler.AddGreedySampler();
                active.Add((conversation, sampler, 0));
            }

            var status = executor.Infer().GetAwaiter().GetResult();
            if (status != DecodeResult.Ok)
            {
                throw new InvalidOperationException("decode failed: " + status);
            }

            for (var i = active.Count - 1; i >= 0; i--)
            {
                var (conversation, sampler, count) = active[i];
                if (!conversation.RequiresSampling)
                {
                    continue;
                }

                var token = conversation.Sample(sampler);
                tokens++;
                count++;
                if (count >= OutputTokens || token.IsEndOfGeneration(weights.Vocab))
                {
                    conversation.Dispose();
                    sampler.Dispose();
                    active.RemoveAt(i);
                }
                else
                {
                    conversation.Prompt(token);
                    active[i] = (conversation, sampler, count);
                }
            }
        }

        return tokens / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
