using MidTrain.Core.Configuration;

namespace MidTrain.Generators.Dedup;

/// <summary>Settings of a <see cref="NearDuplicateIndex"/> (the <c>dedup:</c> mapping of a generate stage).</summary>
public sealed class NearDuplicateOptions : IValidatableOptions
{
    /// <summary>Estimated Jaccard similarity of word shingles at or above which a text is a near-duplicate (default 0.7).</summary>
    public double Jaccard { get; init; } = 0.7;

    /// <summary>Words per shingle (default 2; texts shorter than this use single words).</summary>
    [ConfigKey("shingle")]
    public int ShingleWords { get; init; } = 2;

    /// <summary>MinHash permutations (default 64); must equal <see cref="Bands"/> × rows.</summary>
    public int Permutations { get; init; } = 64;

    /// <summary>LSH bands (default 16 → 4 rows each, candidate threshold ≈ 0.5, below <see cref="Jaccard"/> so few true pairs are missed).</summary>
    public int Bands { get; init; } = 16;

    /// <summary>Seed of the hash family (fixed: the same text always gets the same signature).</summary>
    public long Seed { get; init; } = 0x5EED;

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Jaccard is <= 0 or > 1)
        {
            throw new OptionsValidationException("jaccard", $"must be in (0, 1], got {Jaccard}");
        }

        if (ShingleWords is < 1 or > 8)
        {
            throw new OptionsValidationException("shingle", $"must be between 1 and 8 words, got {ShingleWords}");
        }

        if (Permutations < 8 || Bands < 1 || Permutations % Bands != 0)
        {
            throw new OptionsValidationException("permutations", $"({Permutations}) must be a multiple of bands ({Bands}) and at least 8");
        }
    }
}
