using System.ComponentModel.DataAnnotations;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// <c>input.sample: {n: 50000, seed: 1}</c>: run the pipeline over a reproducible uniform sample of the corpus instead
/// of all of it (see <see cref="CorpusSampler"/>).
/// </summary>
public sealed class CorpusSampleOptions
{
    /// <summary>How many records to sample (all of them when the corpus is smaller).</summary>
    [Range(1, long.MaxValue)]
    public long N { get; init; }

    /// <summary>The sampling seed (default: the run seed).</summary>
    public long? Seed { get; init; }
}
