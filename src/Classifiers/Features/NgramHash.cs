using System.Numerics;
using System.Runtime.CompilerServices;

namespace MidTrain.Classifiers.Features;

/// <summary>
/// The hash functions of <see cref="HashedNgramFeaturizer"/> (featurizer version 1), shared by its UTF-16 path and
/// <see cref="Utf8WordScorer"/>: FNV-1a over a word's lower-cased UTF-16 code units, word n-grams chained from word
/// hashes, and a finaliser from a 64-bit key to a bucket. Changing any of them changes every model's features: bump
/// <see cref="HashedNgramFeaturizer.Version"/> with it.
/// </summary>
internal static class NgramHash
{
    /// <summary>FNV-1a's offset basis: the hash of the empty word.</summary>
    public const ulong FnvOffset = 14695981039346656037UL;

    /// <summary>FNV-1a's prime.</summary>
    public const ulong FnvPrime = 1099511628211UL;

    /// <summary>Distinguishes word unigrams from the other families.</summary>
    public const ulong UnigramSeed = 0x2545F4914F6CDD1DUL;

    /// <summary>Distinguishes word bigrams.</summary>
    public const ulong BigramSeed = 0x6A09E667F3BCC909UL;

    /// <summary>Distinguishes word trigrams.</summary>
    public const ulong TrigramSeed = 0xBB67AE8584CAA73BUL;

    /// <summary>Distinguishes word 4-grams.</summary>
    public const ulong FourgramSeed = 0x3C6EF372FE94F82BUL;

    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mixer = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Character n-gram seeds, by length (index 0 unused).</summary>
    public static ReadOnlySpan<ulong> CharSeeds => [0, 0xA54FF53A5F1D36F1UL, 0x510E527FADE682D1UL, 0x9B05688C2B3E6C1FUL, 0x1F83D9ABFB41BD6BUL, 0x5BE0CD19137E2179UL, 0xCBBB9D5DC1059ED8UL, 0x629A292A367CD507UL, 0x9159015A3070DD17UL];

    /// <summary>The mixing constant character n-grams longer than 4 fold their upper half with.</summary>
    public static ulong CharMixer => Mixer;

    /// <summary>One FNV-1a step: the hash after <paramref name="unit"/> (a lower-cased UTF-16 code unit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Fnv(ulong hash, uint unit) => (hash ^ unit) * FnvPrime;

    /// <summary>The key of the n-gram <paramref name="earlier"/> followed by the word <paramref name="later"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong earlier, ulong later) => (BitOperations.RotateLeft(earlier, 23) * Golden) ^ later;

    /// <summary>The bucket of <paramref name="key"/>: the top 64 − <paramref name="shift"/> bits of its mix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(ulong key, int shift)
    {
        key ^= key >> 29;
        key *= Golden;
        key ^= key >> 32;
        key *= Mixer;
        return (int)(key >> shift);
    }
}
