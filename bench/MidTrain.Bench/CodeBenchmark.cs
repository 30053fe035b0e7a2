using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using MidTrain.Verifiers.Code;

namespace MidTrain.Bench;

/// <summary>
/// <c>code [--concurrency N] [--rounds R] [--data HumanEval.jsonl.gz]</c>: the 164 canonical HumanEval programs through
/// the sandbox with warm servers (the default path), through one-shot sandboxes (<c>WarmStart = false</c>, the cold
/// path) and as plain <c>python3</c> processes, all with the same pool size, in one run (rounds interleaved, best
/// round of each). Reports executions per second of the three, <c>ratio</c> = warm / plain (target ≥ 1.0) and
/// <c>cold_ratio</c> = cold / plain.
/// </summary>
internal sealed class CodeBenchmark : IBenchmark
{
    public string Name => "code";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var concurrency = IntArg(args, "--concurrency") ?? Environment.ProcessorCount;
        var rounds = IntArg(args, "--rounds") ?? 3;
        var data = StringArg(args, "--data") ?? FindAcceptance("HumanEval.jsonl.gz");
        var programs = LoadPrograms(data);

        using var warm = CodeSandbox.Create(new SandboxOptions { MaxConcurrency = concurrency, DefaultTimeout = TimeSpan.FromSeconds(30) });
        using var cold = CodeSandbox.Create(new SandboxOptions { MaxConcurrency = concurrency, DefaultTimeout = TimeSpan.FromSeconds(30), WarmStart = false });
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

        // Warm-up: interpreter resolution, server start, page cache, JIT.
        await RunSandboxedAsync(warm, programs.Take(concurrency * 2).ToList(), cancellationToken);
        await RunSandboxedAsync(cold, programs.Take(concurrency * 2).ToList(), cancellationToken);
        await RunPlainAsync(python, programs.Take(concurrency * 2).ToList(), concurrency, cancellationToken);

        double bestWarm = 0, bestCold = 0, bestPlain = 0;
        int warmPassed = 0, coldPassed = 0, plainPassed = 0;
        for (var r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            warmPassed = await RunSandboxedAsync(warm, programs, cancellationToken);
            bestWarm = System.Math.Max(bestWarm, programs.Count / sw.Elapsed.TotalSeconds);

            sw.Restart();
            coldPassed = await RunSandboxedAsync(cold, programs, cancellationToken);
            bestCold = System.Math.Max(bestCold, programs.Count / sw.Elapsed.TotalSeconds);

            sw.Restart();
            plainPassed = await RunPlainAsync(python, programs, concurrency, cancellationToken);
            bestPlain = System.Math.Max(bestPlain, programs.Count / sw.Elapsed.TotalSeconds);
        }

        return new JsonObject
        {
            ["sandboxed_per_s"] = System.Math.Round(bestWarm, 2),
            ["cold_sandboxed_per_s"] = System.Math.Round(bestCold, 2),
            ["plain_per_s"] = System.Math.Round(bestPlain, 2),
            ["ratio"] = System.Math.Round(bestWarm / bestPlain, 3),
            ["cold_ratio"] = System.Math.Round(bestCold / bestPlain, 3),
            ["executions"] = programs.Count,
            ["pool"] = concurrency,
            ["rounds"] = rounds,
            ["sandboxed_passed"] = warmPassed,
            ["cold_sandboxed_passed"] = coldPassed,
            ["plain_passed"] = plainPassed,
        };
    }

    private static async Task<int> RunSandboxedAsync(CodeSandbox sandbox, IReadOnlyList<string> programs, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(programs.Select(p => sandbox.ExecuteAsync(new ExecutionRequest(CodeLanguages.Python, p), cancellationToken)));
        return results.Count(r => r.Status == ExecutionStatus.Passed);
    }

    private static async Task<int> RunPlainAsync(string python, IReadOnlyList<string> programs, int concurrency, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var dir = Path.Combine(Path.GetTempPath(), "midtrain-bench-plain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var results = await Task.WhenAll(programs.Select(async (program, i) =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var file = Path.Combine(dir, $"p{i}.py");
                    await File.WriteAllTextAsync(file, program, cancellationToken);
                    var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
                    psi.ArgumentList.Add(file);
                    using var process = Process.Start(psi)!;
                    var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                    var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                    await process.WaitForExitAsync(cancellationToken);
                    await Task.WhenAll(stdout, stderr);
                    return process.ExitCode == 0;
                }
                finally
                {
                    gate.Release();
                }
            }));
            return results.Count(ok => ok);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> LoadPrograms(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var programs = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var p = JsonNode.Parse(line)!.AsObject();
            programs.Add($"{p["prompt"]}{p["canonical_solution"]}\n\n{p["test"]}\n\ncheck({p["entry_point"]})\n");
        }

        return programs;
    }

    private static string FindAcceptance(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MidTrain.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? ".", "..", "shared", "acceptance", name);
        return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"{name} not found; pass --data PATH", path);
    }

    private static int? IntArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : null;
    }

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
