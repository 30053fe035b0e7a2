using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Stages;

/// <summary>The options every stage accepts: <c>name</c>, <c>concurrency</c>, <c>capacity</c>.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Concurrency">Items processed at once.</param>
/// <param name="Capacity">Input channel capacity (0 = 2 × concurrency).</param>
public sealed record StageOptions(string Name, int Concurrency, int Capacity)
{
    /// <summary>Reads the common options of <paramref name="spec"/>.</summary>
    public static StageOptions Read(StageSpec spec, int defaultConcurrency = 1) => new(
        spec.DisplayName,
        spec.Options.GetInt("concurrency", defaultConcurrency, 1, 4096),
        spec.Options.GetInt("capacity", 0, 0, 1 << 20));
}
