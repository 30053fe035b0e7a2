using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Judges.Agreement;

namespace MidTrain.Bench;

/// <summary>
/// <c>agreement [--items N] [--raters R] [--categories K] [--seed S]</c>: Krippendorff's α (all four levels) and every
/// pairwise statistic (Cohen's κ unweighted/linear/quadratic, ρ, τ-b, r) on seeded synthetic labels — by default
/// 1,000,000 labels (100,000 items × 10 raters, 5 categories), single thread. <c>seconds</c> is the best of three full
/// analyses without bootstrap; the JSONL read, matrix build and one bootstrap resample are timed separately.
/// </summary>
internal sealed class AgreementBenchmark : IBenchmark
{
    public string Name => "agreement";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var items = Option(args, "--items", 100_000);
        var raters = Option(args, "--raters", 10);
        var categories = Option(args, "--categories", 5);
        var seed = Option(args, "--seed", 42);

        // Warm up the JIT on a small matrix so the timings measure steady-state code.
        var warm = Synthetic(2_000, raters, categories, seed + 1);
        AgreementAnalyzer.Analyze(warm, new AgreementOptions { BootstrapResamples = 5 }, cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var matrix = Synthetic(items, raters, categories, seed);
        var buildSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var alphaRuns = new List<double>();
        var runs = new List<double>();
        KrippendorffAlphaResult? alpha = null;
        AgreementReport? report = null;
        for (var run = 0; run < 3; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            started = Stopwatch.GetTimestamp();
            alpha = KrippendorffAlpha.Compute(matrix);
            alphaRuns.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);

            started = Stopwatch.GetTimestamp();
            report = AgreementAnalyzer.Analyze(matrix, new AgreementOptions { BootstrapResamples = 0 }, cancellationToken);
            runs.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        const int resamples = 10;
        started = Stopwatch.GetTimestamp();
        AgreementAnalyzer.Analyze(matrix, new AgreementOptions { BootstrapResamples = resamples }, cancellationToken);
        var bootstrapSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds - runs.Min();

        var readSeconds = TimeFileRead(matrix, out var fileBytes);

        return Task.FromResult(new JsonObject
        {
            ["seconds"] = Math.Round(runs.Min(), 4),
            ["seconds_runs"] = new JsonArray([.. runs.Select(s => JsonValue.Create(Math.Round(s, 4)))]),
            ["alpha_seconds"] = Math.Round(alphaRuns.Min(), 4),
            ["labels"] = matrix.LabelCount,
            ["items"] = items,
            ["raters"] = raters,
            ["categories"] = categories,
            ["pairs"] = report!.Pairs.Count,
            ["pair_labels"] = report.Pairs.Sum(p => (long)p.N),
            ["labels_per_second"] = Math.Round(matrix.LabelCount / runs.Min()),
            ["threads"] = 1,
            ["build_seconds"] = Math.Round(buildSeconds, 4),
            ["bootstrap_seconds_per_resample"] = Math.Round(bootstrapSeconds / resamples, 4),
            ["read_jsonl_seconds"] = Math.Round(readSeconds, 4),
            ["jsonl_megabytes"] = Math.Round(fileBytes / 1e6, 1),
            ["alpha_nominal"] = alpha!.Nominal,
            ["alpha_ordinal"] = alpha.Ordinal,
            ["alpha_interval"] = alpha.Interval,
            ["alpha_ratio"] = alpha.Ratio,
            ["mean_pair_kappa"] = Math.Round(report.Pairs.Average(p => p.CohenKappa.Unweighted ?? double.NaN), 6),
            ["seed"] = seed,
        });
    }

    /// <summary>Each item has a true category; every rater labels every item: the true category with probability 0.7, else a uniform one.</summary>
    private static LabelMatrix Synthetic(int items, int raters, int categories, int seed)
    {
        var random = new Random(seed);
        var builder = new LabelMatrixBuilder();
        var raterNames = Enumerable.Range(0, raters).Select(r => $"judge-{r:D2}").ToArray();
        for (var u = 0; u < items; u++)
        {
            var item = "item-" + u.ToString(CultureInfo.InvariantCulture);
            var truth = random.Next(categories);
            foreach (var rater in raterNames)
            {
                builder.Add(item, rater, 1 + (random.NextDouble() < 0.7 ? truth : random.Next(categories)));
            }
        }

        return builder.Build();
    }

    private static double TimeFileRead(LabelMatrix matrix, out long bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"midtrain-agreement-bench-{Environment.ProcessId}.jsonl");
        try
        {
            using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
            {
                for (var u = 0; u < matrix.ItemCount; u++)
                {
                    var who = matrix.RatersOf(u);
                    var codes = matrix.CodesOf(u);
                    for (var i = 0; i < who.Length; i++)
                    {
                        writer.Write("{\"item\":\"");
                        writer.Write(matrix.Items[u]);
                        writer.Write("\",\"rater\":\"");
                        writer.Write(matrix.Raters[who[i]]);
                        writer.Write("\",\"label\":");
                        writer.Write(matrix.Categories[codes[i]]);
                        writer.Write("}\n");
                    }
                }
            }

            bytes = new FileInfo(path).Length;
            var started = Stopwatch.GetTimestamp();
            var contents = LabelFile.Read(path);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (contents.Matrix.LabelCount != matrix.LabelCount || contents.BadLineCount != 0)
            {
                throw new InvalidOperationException("The labels file did not read back to the same labels.");
            }

            return seconds;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
