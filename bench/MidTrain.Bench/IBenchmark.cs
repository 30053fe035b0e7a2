using System.Text.Json.Nodes;

namespace MidTrain.Bench;

/// <summary>
/// One benchmark: <c>dotnet run -c Release --project bench/MidTrain.Bench -- NAME [args]</c> prints the returned
/// object as one JSON line on stdout. Figures are compared against a baseline measured in the same run (ratios),
/// never against absolute times.
/// </summary>
internal interface IBenchmark
{
    /// <summary>The name used on the command line.</summary>
    string Name { get; }

    /// <summary>Runs the benchmark and returns its figures.</summary>
    Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken);
}
