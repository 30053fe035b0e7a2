using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Turns one passage into zero or more samples. Implementations must be deterministic for a given
/// seed (same passage + seed → same samples) and safe to call concurrently from several pipeline
/// workers: per-call state lives in the call, not in fields.
/// </summary>
public interface IGenerator
{
    /// <summary>A short name for lineage and logs, e.g. <c>backtranslation</c>.</summary>
    string Name { get; }

    /// <summary>Streams the samples generated from <paramref name="passage"/>.</summary>
    /// <param name="passage">The passage to generate from.</param>
    /// <param name="seed">The seed for this passage (derived from the run seed and the passage identity).</param>
    /// <param name="cancellationToken">Cancels generation; cancellation is never turned into data.</param>
    IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, CancellationToken cancellationToken = default);
}
