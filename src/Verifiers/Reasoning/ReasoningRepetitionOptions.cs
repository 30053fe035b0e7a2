using System.ComponentModel.DataAnnotations;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>Keys of <c>verify: reasoning_repetition</c>. Defaults live here only.</summary>
public sealed class ReasoningRepetitionOptions : ReasoningCheckOptions
{
    /// <summary>The word n-gram length of the loop check (default 10, as Gopher's longest duplicate n-gram rule).</summary>
    [Range(2, 100)]
    public int Ngram { get; set; } = 10;

    /// <summary>
    /// The largest share of the trace's words that may lie in an n-gram already seen earlier in it (default 0.3;
    /// reasoning re-derives and re-checks, so it is far more repetitive than prose — a loop is typically above 0.5).
    /// </summary>
    [Range(0.0, 1.0)]
    public double MaxDuplicateShare { get; set; } = 0.3;

    /// <summary>The most times one sentence (of at least <see cref="MinSentenceLetters"/> letters) may appear (default 3).</summary>
    [Range(1, 10_000)]
    public int MaxSentenceRepeats { get; set; } = 3;

    /// <summary>Shorter sentences ("Wait.", "Hmm.") are not counted as repeats (default 12 letters).</summary>
    [Range(1, 10_000)]
    public int MinSentenceLetters { get; set; } = 12;

    /// <summary>A trace or answer ending in one unit repeated at least this many times is degenerate (default 4).</summary>
    [Range(2, 10_000)]
    public int DegenerateRepeats { get; set; } = 4;

    /// <summary>…and covering at least this many characters (default 24), so "…" or "= 0.3333" are not flagged.</summary>
    [Range(2, 100_000)]
    public int DegenerateChars { get; set; } = 24;
}
