namespace MidTrain.Generators.Chunking;

/// <summary>How documents are cut into passages. Validated by <see cref="Validate"/>.</summary>
public sealed class ChunkerOptions
{
    /// <summary>Maximum passage length in characters (default 2000).</summary>
    public int MaxChars { get; init; } = 2000;

    /// <summary>Maximum passage length in tokens when <see cref="CountTokens"/> is set (0 = characters only).</summary>
    public int MaxTokens { get; init; }

    /// <summary>Counts the tokens of a text (e.g. the model's tokenizer); null = characters only.</summary>
    public Func<string, int>? CountTokens { get; init; }

    /// <summary>Characters of the previous passage repeated at the start of the next one (whole sentences; default 0).</summary>
    public int OverlapChars { get; init; }

    /// <summary>Passages shorter than this many non-space characters are skipped and counted (default 50).</summary>
    public int MinChars { get; init; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (MaxChars < 16)
        {
            throw new ArgumentException($"max_chars must be at least 16, got {MaxChars}");
        }

        if (OverlapChars < 0 || OverlapChars >= MaxChars / 2)
        {
            throw new ArgumentException($"overlap_chars must be between 0 and max_chars/2 ({MaxChars / 2}), got {OverlapChars}");
        }

        if (MinChars < 0 || MinChars > MaxChars)
        {
            throw new ArgumentException($"min_chars must be between 0 and max_chars, got {MinChars}");
        }

        if (MaxTokens < 0 || (MaxTokens > 0 && CountTokens is null))
        {
            throw new ArgumentException("max_tokens needs a tokenizer (a local model) and must be positive");
        }
    }
}
