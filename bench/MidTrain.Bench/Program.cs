using System.Text.Json;
using MidTrain.Bench;

// Each benchmark registers here with one line.
IBenchmark[] benchmarks =
[
    new PipelineBenchmark(),
    new GeneratorsBenchmark(),
    new AgreementBenchmark(),
    new MathBenchmark(),
    new LocalBatchingBenchmark(),
    new RemoteConcurrencyBenchmark(),
    new RemoteScaleBenchmark(),
    new CitationBenchmark(),
    new CodeBenchmark(),
    new FiltersBenchmark(),
    new ClassifierBenchmark(),
    new ExportBenchmark(),
    new LongContextBenchmark(),
    new RewardsBenchmark(),
    new ReasoningBenchmark(),
];

var byName = benchmarks.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
if (args.Length == 0 || !byName.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/MidTrain.Bench -- <{string.Join('|', byName.Keys.Order())}> [args]");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var result = await benchmark.RunAsync(args[1..], cts.Token);
result["benchmark"] ??= benchmark.Name;
Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
return 0;
