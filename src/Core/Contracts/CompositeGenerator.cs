using System.Runtime.CompilerServices;
using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Runs several generators on the same passage, one after another, streaming all their samples. Each generator gets
/// its own seed derived from the passage seed and its position, so adding a generator does not change the others'
/// output. Thread-safe when its parts are.
/// </summary>
public sealed class CompositeGenerator : IGenerator
{
    private readonly IReadOnlyList<IGenerator> _generators;

    /// <summary>Creates a composite of <paramref name="generators"/> (at least one).</summary>
    public CompositeGenerator(IEnumerable<IGenerator> generators)
    {
        _generators = generators.ToArray();
        if (_generators.Count == 0)
        {
            throw new ArgumentException("A composite generator needs at least one generator.", nameof(generators));
        }
    }

    /// <inheritdoc />
    public string Name => string.Join('+', _generators.Select(g => g.Name));

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _generators.Count; i++)
        {
            var derived = Hashing.SeedDerivation.Derive(seed, _generators[i].Name);
            await foreach (var sample in _generators[i].GenerateAsync(passage, derived, cancellationToken).ConfigureAwait(false))
            {
                yield return sample;
            }
        }
    }
}
