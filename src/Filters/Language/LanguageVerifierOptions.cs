using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Filters.Language;

/// <summary>Settings of the <c>language</c> verifier (steering compliance: is the sample in the language it was asked for?).</summary>
public sealed class LanguageVerifierOptions : IValidatableOptions
{
    /// <summary>The sample attribute naming the requested language (default <c>language</c>): an ISO 639-1 or 639-3 code or an English name.</summary>
    public string Attribute { get; set; } = "language";

    /// <summary>Also check the answer (the last assistant message), not only the user turns (default false).</summary>
    public bool CheckAnswer { get; set; }

    /// <summary>A checked text with fewer letters than this is too short to tell: the verdict is <c>invalid</c> (default 20).</summary>
    [Range(1, 10_000)]
    public int MinChars { get; set; } = 20;

    /// <summary>The candidate languages (ISO 639-1); default all 79 Lingua languages.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Lingua's mode: <c>low</c> (default) or <c>high</c>.</summary>
    public LanguageAccuracy Accuracy { get; set; } = LanguageAccuracy.Low;

    /// <summary>Where Lingua's language models are (default: beside the executable).</summary>
    public string? ModelsDir { get; set; }

    /// <summary>Texts are cut to this many characters before detection (default 1000).</summary>
    [Range(20, 1_000_000)]
    public int MaxChars { get; set; } = 1000;

    /// <summary>A copy (lists included).</summary>
    public LanguageVerifierOptions Clone() => new()
    {
        Attribute = Attribute,
        CheckAnswer = CheckAnswer,
        MinChars = MinChars,
        Languages = [.. Languages],
        Accuracy = Accuracy,
        ModelsDir = ModelsDir,
        MaxChars = MaxChars,
    };

    /// <inheritdoc />
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Attribute))
        {
            throw new OptionsValidationException("attribute", "must name a sample attribute");
        }

        if (MinChars < 1)
        {
            throw new OptionsValidationException("min_chars", "must be at least 1");
        }

        if (MaxChars < 20)
        {
            throw new OptionsValidationException("max_chars", "must be at least 20");
        }

        LanguageIdentifier.ValidateLanguages(Languages);
    }
}
