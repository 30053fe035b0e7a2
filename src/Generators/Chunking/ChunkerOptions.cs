using MidTrain.Core.Configuration;

namespace MidTrain.Generators.Chunking;

/// <summary>
/// How documents are cut into passages (the keys of a <c>chunk:</c> stage). Validated by <see cref="Validate"/>; the
/// token budget additionally needs <see cref="CountTokens"/>, checked when the chunker is created.
/// </summary>
public sealed class ChunkerOptions : IValidatableOptions
{
    /// <summary>Maximum passage length in characters (default 2000).</summary>
    public int MaxChars { get; set; } = 2000;

    /// <summary>Maximum passage length in tokens when <see cref="CountTokens"/> is set (0 = characters only).</summary>
    public int MaxTokens { get; set; }

    /// <summary>Counts the tokens of a text (e.g. the model's tokenizer); null = characters only.</summary>
    [ConfigIgnore]
    public Func<string, int>? CountTokens { get; set; }

    /// <summary>Characters of the previous passage repeated at the start of the next one (whole sentences; default 0).</summary>
    public int OverlapChars { get; set; }

    /// <summary>Passages shorter than this many non-space characters are skipped and counted (default 50).</summary>
    public int MinChars { get; set; } = 50;

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (MaxChars < 16)
        {
            throw new OptionsValidationException("max_chars", $"must be at least 16, got {MaxChars}");
        }

        if (OverlapChars < 0 || OverlapChars >= MaxChars / 2)
        {
            throw new OptionsValidationException("overlap_chars", $"must be between 0 and max_chars/2 ({MaxChars / 2}), got {OverlapChars}");
        }

        if (MinChars < 0 || MinChars > MaxChars)
        {
            throw new OptionsValidationException("min_chars", $"must be between 0 and max_chars, got {MinChars}");
        }

        if (MaxTokens < 0)
        {
            throw new OptionsValidationException("max_tokens", $"must be positive, got {MaxTokens}");
        }
    }
}
