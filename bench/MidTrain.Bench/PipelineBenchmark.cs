using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Runs;

namespace MidTrain.Bench;

/// <summary>
/// <c>pipeline [records]</c>: 1,000,000 records of ~300 bytes through 4 pass-through stages (concurrency 2 each) with
/// the real run directory (journal included), against the same JSONL read + parse + write with no pipeline, in one run.
/// </summary>
internal sealed class PipelineBenchmark : IBenchmark
{
    public string Name => "pipeline";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var dir = Path.Combine(Path.GetTempPath(), $"midtrain-bench-pipeline-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var corpus = Path.Combine(dir, "corpus.jsonl");
            WriteCorpus(corpus, records);
            var bytes = new FileInfo(corpus).Length;

            // Warm up both paths (JIT, page cache) on a slice, then measure.
            await RawCopyAsync(corpus, Path.Combine(dir, "warm.jsonl"), limit: 20_000, cancellationToken);
            await RunPipeline(dir, corpus, "warm-run", limit: 20_000, cancellationToken);

            var raw = Stopwatch.StartNew();
            await RawCopyAsync(corpus, Path.Combine(dir, "raw.jsonl"), limit: null, cancellationToken);
            raw.Stop();

            ResetPeakRss();
            var pipeline = Stopwatch.StartNew();
            var outcome = await RunPipeline(dir, corpus, "run", limit: null, cancellationToken);
            pipeline.Stop();
            var peakRss = PeakRssMb();

            var pipelinePerS = records / pipeline.Elapsed.TotalSeconds;
            var rawPerS = records / raw.Elapsed.TotalSeconds;
            return new JsonObject
            {
                ["records"] = records,
                ["record_bytes_avg"] = Math.Round((double)bytes / records, 1),
                ["stages"] = 4,
                ["accepted"] = outcome.Result?.Accepted,
                ["records_per_s"] = Math.Round(pipelinePerS),
                ["raw_copy_records_per_s"] = Math.Round(rawPerS),
                ["ratio"] = Math.Round(pipelinePerS / rawPerS, 3),
                ["peak_rss_mb"] = Math.Round(peakRss, 1),
                ["pipeline_s"] = Math.Round(pipeline.Elapsed.TotalSeconds, 3),
                ["raw_s"] = Math.Round(raw.Elapsed.TotalSeconds, 3),
                ["cores"] = Environment.ProcessorCount,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteCorpus(string path, int records)
    {
        var random = new Random(42);
        const string words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua";
        var vocabulary = words.Split(' ');
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var text = new StringBuilder();
        for (var i = 0; i < records; i++)
        {
            text.Clear();
            while (text.Length < 230)
            {
                text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(' ');
            }

            writer.Write("{\"id\":\"doc-");
            writer.Write(i.ToString("D8", CultureInfo.InvariantCulture));
            writer.Write("\",\"text\":\"");
            writer.Write(text.ToString().TrimEnd());
            writer.Write("\",\"lang\":\"en\",\"source\":\"bench\"}\n");
        }
    }

    private static async Task RawCopyAsync(string corpus, string output, int? limit, CancellationToken cancellationToken)
    {
        var reader = new CorpusReader(new CorpusOptions { Path = corpus });
        using var writer = JsonlWriter.Create(output);
        var n = 0;
        await foreach (var record in reader.ReadAsync(cancellationToken))
        {
            if (limit is { } l && n++ >= l)
            {
                break;
            }

            writer.Write(w => PayloadJson.Write(w, record.Payload!));
        }
    }

    private static Task<RunOutcome> RunPipeline(string dir, string corpus, string name, int? limit, CancellationToken cancellationToken)
    {
        var yaml = $"""
            name: bench
            input:
              path: {corpus}
            stages:
              - generic: passthrough
                concurrency: 2
              - generic: passthrough
                concurrency: 2
              - generic: passthrough
                concurrency: 2
              - generic: passthrough
                concurrency: 2
            """;
        var config = PipelineConfigLoader.Parse(yaml, Path.Combine(dir, name + ".yaml"));
        var runner = new PipelineRunner(new RunRequest { Config = config, OutputDirectory = Path.Combine(dir, name), Limit = limit });
        return runner.RunAsync(cancellationToken: cancellationToken);
    }

    private static void ResetPeakRss()
    {
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

    private static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
