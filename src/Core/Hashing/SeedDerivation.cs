namespace MidTrain.Core.Hashing;

/// <summary>
/// Derives independent, reproducible seeds from a run seed and a label (a passage id, a stage name…), so that every
/// item gets its own deterministic random stream regardless of scheduling order. Thread-safe.
/// </summary>
public static class SeedDerivation
{
    /// <summary>Derives a non-negative seed from <paramref name="seed"/> and <paramref name="label"/> (SplitMix64 over FNV-1a).</summary>
    public static long Derive(long seed, string label)
    {
        var x = unchecked((ulong)seed ^ ContentHash.Fnv1a64(label));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (long)(x & long.MaxValue);
    }
}
