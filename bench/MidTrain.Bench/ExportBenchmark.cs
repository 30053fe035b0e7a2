using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Datasets.Export;

namespace MidTrain.Bench;

/// <summary>
/// <c>export [samples] [zstd|snappy]</c>: 1,000,000 synthetic samples (~1.6 KB of JSON each: a question, a 300-character passage as answer
/// and source, seven attributes, two judgements, one lineage step) in a completed run directory, exported to Parquet
/// (<c>--format hf</c>, default compression (snappy) unless given, default shard and row group sizes, card included), against reading and parsing the same
/// <c>accepted.jsonl</c> into <see cref="Sample"/> records, in one run: three rounds of each, alternating, fastest
/// counted. Peak RSS is the highest of the exports' peaks, each measured from a collected heap just before it.
/// </summary>
internal sealed class ExportBenchmark : IBenchmark
{
    private static readonly string[] Vocabulary = "the tower reef granite keeper storm light river volcano summit train harbour bridge village market glacier forest island castle mill canal built measured named moved flooded rebuilt visited painted opened in of and was by".Split(' ');

    public string Name => "export";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var compression = args.Length > 1 ? args[1] : new ExportOptions().Compression;
        var dir = Path.Combine(Path.GetTempPath(), $"midtrain-bench-export-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var run = Path.Combine(dir, "run");
            WriteRun(run, samples);
            var accepted = Path.Combine(run, "accepted.jsonl");
            var bytes = new FileInfo(accepted).Length;

            // Warm up both paths (JIT, page cache) on a small run, then measure.
            var warm = Path.Combine(dir, "warm");
            WriteRun(warm, Math.Min(samples, 20_000));
            ReadAndParse(Path.Combine(warm, "accepted.jsonl"));
            await new DatasetExporter(new ExportOptions()).ExportAsync(warm, Path.Combine(dir, "warm-out"), cancellationToken);

            // The machine may be shared: each path runs three times, alternating, and the fastest run of each counts.
            var rawTimes = new List<double>();
            var exportTimes = new List<double>();
            long parsed = 0;
            ExportResult? result = null;
            var options = new ExportOptions { Compression = compression };
            var peakRss = 0.0;
            for (var round = 0; round < 3; round++)
            {
                var raw = Stopwatch.StartNew();
                parsed = ReadAndParse(accepted);
                rawTimes.Add(raw.Elapsed.TotalSeconds);

                var output = Path.Combine(dir, $"out-{round}");
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                ResetPeakRss();
                var export = Stopwatch.StartNew();
                result = await new DatasetExporter(options).ExportAsync(run, output, cancellationToken);
                exportTimes.Add(export.Elapsed.TotalSeconds);
                peakRss = Math.Max(peakRss, PeakRssMb());
                if (round < 2)
                {
                    Directory.Delete(output, recursive: true);
                }
            }

            var exportPerS = result!.Rows / exportTimes.Min();
            var rawPerS = parsed / rawTimes.Min();
            var parquetBytes = result.Files.Sum(f => new FileInfo(Path.Combine(result.OutputDirectory, f)).Length);
            return new JsonObject
            {
                ["samples"] = samples,
                ["jsonl_mb"] = Math.Round(bytes / 1048576.0, 1),
                ["parquet_mb"] = Math.Round(parquetBytes / 1048576.0, 1),
                ["shards"] = result.Files.Count,
                ["rows_per_s"] = Math.Round(exportPerS),
                ["raw_jsonl_read_rows_per_s"] = Math.Round(rawPerS),
                ["ratio"] = Math.Round(exportPerS / rawPerS, 3),
                ["peak_rss_mb"] = Math.Round(peakRss, 1),
                ["compression"] = compression,
                ["export_s"] = new JsonArray(exportTimes.Select(t => (JsonNode)Math.Round(t, 3)).ToArray()),
                ["raw_s"] = new JsonArray(rawTimes.Select(t => (JsonNode)Math.Round(t, 3)).ToArray()),
                ["cores"] = Environment.ProcessorCount,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The baseline: every line of accepted.jsonl read and deserialized into a <see cref="Sample"/>.</summary>
    private static long ReadAndParse(string path)
    {
        long rows = 0;
        using var reader = JsonlLineReader.Open(path);
        while (reader.TryRead(out var line))
        {
            var sample = JsonSerializer.Deserialize<Sample>(line.Bytes.Span, JsonDefaults.Options)!;
            rows += sample.Messages.Count > 0 ? 1 : 0;
        }

        return rows;
    }

    private static void WriteRun(string run, int samples)
    {
        Directory.CreateDirectory(run);
        var random = new Random(42);
        string Words(int chars)
        {
            var text = new StringBuilder();
            while (text.Length < chars)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(' ');
            }

            return text.ToString().TrimEnd();
        }

        string[] languages = ["en", "fr", "es"];
        string[] personas = ["a student", "a sailor", "a retired engineer", "a journalist", "a parent"];
        using (var writer = JsonlWriter.Create(Path.Combine(run, "accepted.jsonl")))
        {
            for (var i = 0; i < samples; i++)
            {
                var passage = Words(300);
                var doc = "doc-" + (i / 2).ToString("D8", CultureInfo.InvariantCulture);
                var sample = new Sample
                {
                    Id = i.ToString("x16", CultureInfo.InvariantCulture),
                    Source = new SourceSpan(doc, 0, 0, passage.Length) { Text = passage },
                    Messages = [new Message(Message.User, "Why " + Words(70) + "?"), new Message(Message.Assistant, passage)],
                    Attributes = new Dictionary<string, string>
                    {
                        ["task"] = "backtranslation",
                        ["language"] = languages[random.Next(languages.Length)],
                        ["persona"] = personas[random.Next(personas.Length)],
                        ["question_type"] = random.Next(2) == 0 ? "why" : "how",
                        ["difficulty"] = random.Next(2) == 0 ? "easy" : "hard",
                        ["register"] = "formal",
                        ["passage_language"] = "en",
                    },
                    Judgements =
                    [
                        new Judgement { Judge = "judge", Criterion = "answerable", Score = random.Next(3, 6), Rationale = Words(60) },
                        new Judgement { Judge = "judge", Criterion = "self_contained", Score = random.Next(3, 6), Rationale = Words(60) },
                    ],
                    Lineage =
                    [
                        new LineageEntry { Stage = "generate:backtranslation:question", Model = "qwen2.5-7b-instruct", ModelFingerprint = "openai:http://127.0.0.1:8000/v1#qwen2.5-7b-instruct", PromptId = "backtranslation_question", PromptSha256 = "2ba7940aa331e2d4851d979408b0dcab87ff9a22750f6b5df2bc0993be27a0a8", Seed = random.NextInt64(), TokensIn = 600, TokensOut = 30, DurationMs = 812.5 },
                    ],
                };
                writer.Write(sample, JsonDefaults.Options);
            }
        }

        File.WriteAllText(Path.Combine(run, "rejected.jsonl"), string.Empty);
        File.WriteAllText(Path.Combine(run, "failed.jsonl"), string.Empty);
        var manifest = new JsonObject
        {
            ["name"] = "bench-export",
            ["status"] = "completed",
            ["finished_at"] = "2026-01-01T00:00:00.0000000+00:00",
            ["versions"] = new JsonObject { ["midtrain"] = "bench" },
            ["config_file"] = "bench.yaml",
            ["config_sha256"] = "bench",
            ["config"] = new JsonObject
            {
                ["name"] = "bench-export",
                ["stages"] = new JsonArray(
                    new JsonObject { ["generate"] = "backtranslation", ["model"] = "teacher" },
                    new JsonObject { ["judge"] = new JsonArray("answerable", "self_contained"), ["model"] = "judge" }),
            },
            ["seed"] = 42,
            ["counts"] = new JsonObject { ["records_read"] = samples / 2, ["records_done"] = samples / 2, ["accepted"] = samples, ["rejected"] = 0, ["failed"] = 0 },
        };
        File.WriteAllText(Path.Combine(run, "manifest.json"), manifest.ToJsonString());
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
