namespace MidTrain.Filters.Language;

/// <summary>A detected language and the detector's confidence in it.</summary>
/// <param name="Code">The ISO 639-1 code (lower case), or null when no language could be detected (no letters).</param>
/// <param name="Confidence">Lingua's confidence value in [0, 1] (the values of all candidate languages sum to 1).</param>
public readonly record struct LanguageGuess(string? Code, double Confidence)
{
    /// <summary>No language detected.</summary>
    public static LanguageGuess Unknown { get; } = new(null, 0);
}
