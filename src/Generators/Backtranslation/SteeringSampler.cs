using MidTrain.Core.Hashing;

namespace MidTrain.Generators.Backtranslation;

/// <summary>
/// Draws steering combinations deterministically: the value of each axis for question <c>k</c> of a passage is a
/// function of (passage seed, axis, k) only — independent of scheduling, concurrency or resume — and over a run the
/// values follow the configured weights. Thread-safe (no state).
/// </summary>
public sealed class SteeringSampler(IReadOnlyList<SteeringAxis> axes)
{
    /// <summary>The axes, in order.</summary>
    public IReadOnlyList<SteeringAxis> Axes { get; } = axes;

    /// <summary>The combination for question <paramref name="k"/> of the passage with seed <paramref name="seed"/>.</summary>
    public IReadOnlyDictionary<string, string> Draw(long seed, int k)
    {
        var result = new Dictionary<string, string>(Axes.Count, StringComparer.Ordinal);
        foreach (var axis in Axes)
        {
            // 53 random bits → a uniform double in [0, 1).
            var bits = (ulong)SeedDerivation.Derive(seed, $"{axis.Name}#{k}");
            var u = (bits >> 10) * (1.0 / (1UL << 53));
            var index = Array.BinarySearch(axis.Cumulative, u);
            index = index >= 0 ? Math.Min(index + 1, axis.Values.Count - 1) : ~index;
            result[axis.Name] = axis.Values[Math.Min(index, axis.Values.Count - 1)].Value;
        }

        return result;
    }
}
