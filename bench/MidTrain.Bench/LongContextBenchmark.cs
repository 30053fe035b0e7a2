using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Core.Models;
using MidTrain.Models;
using MidTrain.Models.Local;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Bench;

/// <summary>
/// <c>long-context [contexts128k] [contexts32k] [samples128k]</c>: context assembly through the real pipeline (corpus
/// JSONL → <c>assemble</c> with the tiny model's tokenizer → contexts JSONL), three figures:
/// <list type="number">
/// <item>throughput at 32,768 tokens (contexts/s and MB/s) against the tokenizer alone over the same corpus, measured in
/// the same run (<c>ratio</c> = assembly MB/s ÷ tokenizer MB/s; assembly counts every document once and every context
/// once, so about 0.5 is the ceiling), and against a pass-through pipeline (read, parse, write:
/// <c>passthrough_ratio</c>);</item>
/// <item>peak RSS while assembling 1,000 contexts of 131,072 tokens (default), written as they are built, and the peak
/// live managed heap (sampled every 250 ms after a full collection);</item>
/// <item>peak RSS of assemble → generate long_context (tiny model) → verify citation on 128k-token contexts: each
/// sample's user turn holds a whole context, so this shows whether samples multiply in memory across stages.</item>
/// </list>
/// </summary>
internal sealed class LongContextBenchmark : IBenchmark
{
    private static readonly string[] Words =
    [
        "the", "of", "and", "harbour", "river", "station", "council", "bridge", "railway", "valley", "winter", "records",
        "measured", "between", "after", "before", "during", "northern", "southern", "century", "village", "market",
        "engineer", "glacier", "lighthouse", "library", "observatory", "merchants", "salt", "trade", "tower", "granite",
        "was", "were", "built", "opened", "closed", "restored", "described", "according", "to", "its", "their", "with",
        "from", "into", "across", "through", "several", "many", "few", "large", "small", "oldest", "newest", "first",
        "second", "third", "kilometres", "metres", "tonnes", "inhabitants", "visitors", "ships", "wagons", "letters",
    ];

    public string Name => "long-context";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var contexts128k = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var contexts32k = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var samples128k = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        var dir = Path.Combine(Path.GetTempPath(), $"midtrain-bench-longctx-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var runtime = new ModelRuntimeOptions { ModelDirectory = Path.Combine(dir, "models"), CacheDirectory = Path.Combine(dir, "cache") };
            var tinyPath = ModelFactory.EnsureTinyModel(runtime);
            var charsPerToken = await CharsPerTokenAsync(tinyPath, runtime, cancellationToken);

            // 1. Throughput at 32k tokens, against a pass-through pipeline over the same corpus.
            var corpus32 = Path.Combine(dir, "corpus32k.jsonl");
            var bytes32 = WriteCorpus(corpus32, (long)(contexts32k * 32_768 * charsPerToken * 1.05), seed: 1);
            var tokenizerMbPerS = await TokenizerThroughputAsync(tinyPath, runtime, corpus32, cancellationToken);
            await RunAsync(dir, corpus32, tinyPath, "warm", Assemble(32_768), limit: 200, cancellationToken);
            var passthrough = Stopwatch.StartNew();
            await RunAsync(dir, corpus32, tinyPath, "passthrough", "  - generic: passthrough\n", limit: null, cancellationToken);
            passthrough.Stop();
            var assemble32 = Stopwatch.StartNew();
            var outcome32 = await RunAsync(dir, corpus32, tinyPath, "assemble32k", Assemble(32_768), limit: null, cancellationToken);
            assemble32.Stop();
            var made32 = outcome32.Result?.Accepted ?? 0;

            // 2. Peak RSS while assembling 1,000 contexts of 128k tokens.
            var corpus128 = Path.Combine(dir, "corpus128k.jsonl");
            var bytes128 = WriteCorpus(corpus128, (long)(Math.Max(contexts128k, samples128k) * 131_072 * charsPerToken * 1.03), seed: 2);
            File.Delete(corpus32);
            ResetPeakRss();
            var baselineRss = CurrentRssMb();
            var assemble128 = Stopwatch.StartNew();
            RunOutcome outcome128;
            double live128;
            using (var sampler = new LiveHeapSampler())
            {
                outcome128 = await RunAsync(dir, corpus128, tinyPath, "assemble128k", Assemble(131_072), limit: null, cancellationToken);
                live128 = sampler.PeakMb;
            }

            assemble128.Stop();
            var peak128 = PeakRssMb();
            var output128 = new FileInfo(Path.Combine(dir, "assemble128k", RunFiles.Accepted)).Length;
            var made128 = outcome128.Result?.Accepted ?? 0;
            Directory.Delete(Path.Combine(dir, "assemble128k"), recursive: true);

            // 3. Samples over 128k-token contexts: assemble → generate (tiny model) → verify citation.
            ResetPeakRss();
            var samples = Stopwatch.StartNew();
            using var samplesSampler = new LiveHeapSampler();
            var outcomeSamples = await RunAsync(dir, corpus128, tinyPath, "samples128k", Assemble(131_072) + """
                  - generate: long_context
                    model: tok
                    per_context: 2
                    max_field_chars: 40
                    concurrency: 8
                  - verify: citation
                    concurrency: 2

                """, limit: (long)(samples128k * 131_072 * charsPerToken * 1.03 / 20_000), cancellationToken);
            samples.Stop();
            var liveSamples = samplesSampler.PeakMb;
            var peakSamples = PeakRssMb();
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "samples128k", RunFiles.Manifest)))!;
            var sampleCount = manifest["stages"]![1]!["out"]!.GetValue<long>();
            var sampleContexts = manifest["stages"]![0]!["out"]!.GetValue<long>();
            var sampleBytes = new[] { RunFiles.Accepted, RunFiles.Rejected }.Sum(f => new FileInfo(Path.Combine(dir, "samples128k", f)) is { Exists: true } info ? info.Length : 0);

            return new JsonObject
            {
                ["tokenizer"] = "tiny (512-piece SentencePiece vocabulary)",
                ["chars_per_token"] = Math.Round(charsPerToken, 3),
                ["contexts_32k"] = made32,
                ["contexts_per_s_32k"] = Math.Round(made32 / assemble32.Elapsed.TotalSeconds, 2),
                ["assemble_mb_per_s_32k"] = Math.Round(bytes32 / 1e6 / assemble32.Elapsed.TotalSeconds, 2),
                ["passthrough_mb_per_s"] = Math.Round(bytes32 / 1e6 / passthrough.Elapsed.TotalSeconds, 2),
                ["tokenizer_mb_per_s"] = Math.Round(tokenizerMbPerS, 2),
                ["ratio"] = Math.Round(bytes32 / 1e6 / assemble32.Elapsed.TotalSeconds / tokenizerMbPerS, 3),
                ["passthrough_ratio"] = Math.Round(passthrough.Elapsed.TotalSeconds / assemble32.Elapsed.TotalSeconds, 3),
                ["contexts_128k"] = made128,
                ["contexts_per_s_128k"] = Math.Round(made128 / assemble128.Elapsed.TotalSeconds, 2),
                ["corpus_mb_128k"] = Math.Round(bytes128 / 1e6, 1),
                ["output_mb_128k"] = Math.Round(output128 / 1e6, 1),
                ["rss_before_mb"] = Math.Round(baselineRss, 1),
                ["peak_rss_mb_128k"] = Math.Round(peak128, 1),
                ["peak_live_heap_mb_128k"] = Math.Round(live128, 1),
                ["sample_contexts_128k"] = sampleContexts,
                ["samples_128k"] = sampleCount,
                ["samples_output_mb"] = Math.Round(sampleBytes / 1e6, 1),
                ["samples_status"] = outcomeSamples.Status.ToString(),
                ["samples_s"] = Math.Round(samples.Elapsed.TotalSeconds, 1),
                ["peak_rss_mb_samples_128k"] = Math.Round(peakSamples, 1),
                ["peak_live_heap_mb_samples_128k"] = Math.Round(liveSamples, 1),
                ["cores"] = Environment.ProcessorCount,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Assemble(int tokens) => $"""
          - assemble: random
            target_tokens: {tokens}
            tokenizer: tok
            window: 2

        """;

    private static Task<RunOutcome> RunAsync(string dir, string corpus, string tinyPath, string name, string stages, long? limit, CancellationToken cancellationToken)
    {
        var yaml = $"""
            name: bench-long-context
            input:
              path: {corpus}
            models:
              tok:
                provider: llama
                path: {tinyPath}
                context: 4096
                parallel: 8
                threads: {Math.Max(1, Environment.ProcessorCount / 2)}
                max_tokens: 128
            stages:
            {stages}
            """;
        var config = PipelineConfigLoader.Parse(yaml, Path.Combine(dir, name + ".yaml"));
        return new PipelineRunner(new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, name), Limit = limit }).RunAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Characters per tiny-model token on the benchmark's text (to size the corpora).</summary>
    private static async Task<double> CharsPerTokenAsync(string tinyPath, ModelRuntimeOptions runtime, CancellationToken cancellationToken)
    {
        var sample = new StringBuilder();
        AppendDocument(sample, new Random(9), 200_000);
        await using var handle = await ModelFactory.CreateAsync(new ModelSpec { Name = "tok", Llama = new LlamaModelOptions { Path = tinyPath, Context = 2048, Parallel = 1 } }, runtime, cancellationToken);
        var counter = (ITokenCounter)handle.Client.GetService(typeof(ITokenCounter))!;
        return (double)sample.Length / counter.CountTokens(sample.ToString());
    }

    /// <summary>MB/s of the tokenizer alone over the corpus texts.</summary>
    private static async Task<double> TokenizerThroughputAsync(string tinyPath, ModelRuntimeOptions runtime, string corpus, CancellationToken cancellationToken)
    {
        await using var handle = await ModelFactory.CreateAsync(new ModelSpec { Name = "tok", Llama = new LlamaModelOptions { Path = tinyPath, Context = 2048, Parallel = 1 } }, runtime, cancellationToken);
        var counter = (ITokenCounter)handle.Client.GetService(typeof(ITokenCounter))!;
        var texts = await new Orchestrator.Corpus.CorpusReader(new Orchestrator.Corpus.CorpusOptions { Path = corpus }).ReadAsync(cancellationToken)
            .Select(r => ((Core.Records.Document)r.Payload!).Text).Take(400).ToListAsync(cancellationToken);
        var bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        var watch = Stopwatch.StartNew();
        var tokens = 0L;
        foreach (var text in texts)
        {
            tokens += counter.CountTokens(text);
        }

        watch.Stop();
        return tokens > 0 ? bytes / 1e6 / watch.Elapsed.TotalSeconds : 0;
    }

    /// <summary>Writes documents of 2,000–40,000 characters until <paramref name="chars"/>; returns the file's size.</summary>
    private static long WriteCorpus(string path, long chars, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        long written = 0;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            for (var i = 0; written < chars; i++)
            {
                text.Clear();
                AppendDocument(text, random, random.Next(2_000, 40_000));
                written += text.Length;
                writer.Write("{\"id\":\"doc-");
                writer.Write(i.ToString("D7", CultureInfo.InvariantCulture));
                writer.Write("\",\"text\":\"");
                writer.Write(text.ToString());
                writer.Write("\",\"language\":\"en\"}\n");
            }
        }

        return new FileInfo(path).Length;
    }

    private static void AppendDocument(StringBuilder text, Random random, int length)
    {
        var start = text.Length;
        while (text.Length - start < length)
        {
            var words = random.Next(8, 24);
            for (var w = 0; w < words; w++)
            {
                var word = Words[random.Next(Words.Length)];
                text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                if (w == words / 2)
                {
                    text.Append(' ').Append(1700 + random.Next(320));
                }

                text.Append(w == words - 1 ? ". " : " ");
            }

            if (random.Next(6) == 0)
            {
                text.Append("\\n\\n");
            }
        }
    }

    /// <summary>
    /// The largest live managed heap seen: every 250 ms a full, compacting collection, then the bytes still in use
    /// (what the pipeline really holds, without the garbage a lazy collector leaves behind; the collections slow the run
    /// a little).
    /// </summary>
    private sealed class LiveHeapSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peak;

        public LiveHeapSampler() => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        public double PeakMb
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak) / 1048576.0;
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.GetAwaiter().GetResult();
            _stop.Dispose();
        }

        private void Sample()
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            var live = GC.GetTotalMemory(forceFullCollection: true);
            long current;
            while (live > (current = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, live, current) != current)
            {
            }
        }
    }

    private static void ResetPeakRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static double CurrentRssMb() => StatusMb("VmRSS:");

    private static double PeakRssMb() => StatusMb("VmHWM:");

    private static double StatusMb(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
