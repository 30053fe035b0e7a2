using System.Diagnostics;
using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Verification;
using MidTrain.Verifiers.Math;

namespace MidTrain.Bench;

/// <summary>
/// <c>math</c>: microseconds per (gold, prediction) check over the 268 Math-Verify acceptance cases repeated 100 times
/// on one thread (<c>mean_us</c>, <c>p99_us</c>), the agreement with the expected verdicts, and the end-to-end
/// <c>verify math</c> file path (JSONL in, verdicts out) for comparison. Args: <c>[repetitions]</c>.
/// </summary>
internal sealed class MathBenchmark : IBenchmark
{
    public string Name => "math";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var repetitions = args.Length > 0 && int.TryParse(args[0], out var r) && r > 0 ? r : 100;
        var path = Path.Combine(RepoRoot(), "..", "shared", "acceptance", "math-verify-cases.jsonl");
        if (!File.Exists(path))
        {
            return new JsonObject { ["error"] = $"acceptance file not found: {Path.GetFullPath(path)}" };
        }

        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        var cases = lines.Select(l => JsonNode.Parse(l)!.AsObject()).Select(c =>
        {
            var o = c["options"] as JsonObject;
            return (
                Gold: c["gold"]!.GetValue<string>(),
                Prediction: c["prediction"]!.GetValue<string>(),
                Expected: c["equivalent"]!.GetValue<bool>(),
                Precision: o?["precision"]?.GetValue<int>() ?? 6,
                Strict: o?["strict"]?.GetValue<bool>() ?? true,
                Allow: o?["allow_set_relation_comp"]?.GetValue<bool>() ?? false);
        }).ToArray();

        var checker = new MathAnswerChecker();
        var agreement = 0;
        foreach (var c in cases)
        {
            // Warm-up pass (JIT, regex construction), also the agreement count.
            var result = checker.Check(c.Gold, c.Prediction, c.Precision, c.Strict, c.Allow);
            agreement += (result.Outcome == VerdictOutcome.Pass) == c.Expected ? 1 : 0;
        }

        var samples = new double[cases.Length * repetitions];
        var k = 0;
        var tickToUs = 1e6 / Stopwatch.Frequency;
        for (var rep = 0; rep < repetitions; rep++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var c in cases)
            {
                var t0 = Stopwatch.GetTimestamp();
                checker.Check(c.Gold, c.Prediction, c.Precision, c.Strict, c.Allow);
                samples[k++] = (Stopwatch.GetTimestamp() - t0) * tickToUs;
            }
        }

        Array.Sort(samples);
        var mean = samples.Average();
        var p50 = samples[samples.Length / 2];
        var p99 = samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(samples.Length * 0.99) - 1)];

        // The CLI path: the same cases through VerifyFileRunner (JSON parse, verdict objects, ordered output), 10 copies.
        var dir = Path.Combine(Path.GetTempPath(), "midtrain-bench-math-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        double filePerLineUs;
        long fileLines;
        try
        {
            var input = Path.Combine(dir, "in.jsonl");
            await File.WriteAllLinesAsync(input, Enumerable.Repeat(lines, 10).SelectMany(x => x), cancellationToken).ConfigureAwait(false);
            var t0 = Stopwatch.GetTimestamp();
            var summary = await VerifyFileRunner.RunAsync(new MathVerifier(), "prediction", input, Path.Combine(dir, "out.jsonl"), 1, cancellationToken).ConfigureAwait(false);
            filePerLineUs = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / summary.Lines;
            fileLines = summary.Lines;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return new JsonObject
        {
            ["cases"] = cases.Length,
            ["repetitions"] = repetitions,
            ["agreement"] = agreement,
            ["mean_us"] = Math.Round(mean, 2),
            ["p50_us"] = Math.Round(p50, 2),
            ["p99_us"] = Math.Round(p99, 2),
            ["max_us"] = Math.Round(samples[^1], 2),
            ["verify_path_lines"] = fileLines,
            ["verify_path_us_per_line"] = Math.Round(filePerLineUs, 2),
        };
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MidTrain.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
