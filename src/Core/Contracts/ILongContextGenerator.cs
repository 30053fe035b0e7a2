using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Turns one assembled <see cref="LongContext"/> into zero or more long-context samples (questions whose evidence lies
/// at chosen places in the context). The counterpart of <see cref="IGenerator"/> for contexts: a <c>generate:</c> stage
/// whose generator implements this takes <see cref="LongContext"/> input. Implementations must be deterministic for a
/// given seed and safe to call concurrently (per-call state lives in the call).
/// </summary>
public interface ILongContextGenerator
{
    /// <summary>A short name for lineage and logs, e.g. <c>long_context</c>.</summary>
    string Name { get; }

    /// <summary>Streams the samples generated from <paramref name="context"/>.</summary>
    /// <param name="context">The assembled context.</param>
    /// <param name="seed">The seed for this context (derived from the run seed and the context id).</param>
    /// <param name="cancellationToken">Cancels generation; cancellation is never turned into data.</param>
    IAsyncEnumerable<Sample> GenerateAsync(LongContext context, long seed, CancellationToken cancellationToken = default);
}
