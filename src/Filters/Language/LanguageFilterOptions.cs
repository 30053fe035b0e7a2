using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Language;

/// <summary>Settings of the <c>language</c> filter: which languages to keep and how sure the detector must be.</summary>
public sealed class LanguageFilterOptions : IFilterOptions, IValidatableOptions
{
    /// <summary>The languages kept (ISO 639-1 codes, e.g. <c>[en, fr]</c>). Required.</summary>
    public List<string> Keep { get; set; } = [];

    /// <summary>The least confidence (0–1) in the detected language for an item to be kept (default 0.8).</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.8;

    /// <summary>
    /// The candidate languages the detector chooses among (ISO 639-1). Default: all 79 Lingua languages, so that a
    /// text in a language not kept is recognised as such rather than forced into a kept one.
    /// </summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Lingua's mode: <c>low</c> (default; fast, small) or <c>high</c> (better on short texts, large: restrict <see cref="Languages"/>).</summary>
    public LanguageAccuracy Accuracy { get; set; } = LanguageAccuracy.Low;

    /// <summary>Where Lingua's language models are (default: <c>Lingua/LanguageModels</c> beside the executable).</summary>
    public string? ModelsDir { get; set; }

    /// <summary>Texts are cut to this many characters (at a word boundary) before detection (default 1000).</summary>
    [Range(20, 1_000_000)]
    public int MaxChars { get; set; } = 1000;

    /// <summary>Which texts of an item are read (joined by line breaks): roles and text names. Default: all.</summary>
    public List<string> Check { get; set; } = [];

    /// <inheritdoc />
    public FilterMode Mode { get; set; } = FilterMode.Enforce;

    /// <summary>A copy (lists included).</summary>
    public LanguageFilterOptions Clone() => new()
    {
        Keep = [.. Keep],
        MinConfidence = MinConfidence,
        Languages = [.. Languages],
        Accuracy = Accuracy,
        ModelsDir = ModelsDir,
        MaxChars = MaxChars,
        Check = [.. Check],
        Mode = Mode,
    };

    /// <inheritdoc />
    public void Validate()
    {
        if (Keep.Count == 0)
        {
            throw new OptionsValidationException("keep", "name at least one language to keep (ISO 639-1 codes, e.g. [en, fr])");
        }

        foreach (var code in Keep)
        {
            if (LanguageIdentifier.Canonical(code) is null)
            {
                throw new OptionsValidationException("keep", $"'{code}' is not a language the detector knows (ISO 639-1 codes: {string.Join(", ", LanguageIdentifier.SupportedCodes)})");
            }
        }

        if (Languages.Count > 0)
        {
            var candidates = Languages.Select(LanguageIdentifier.Canonical).ToHashSet();
            if (Keep.FirstOrDefault(k => !candidates.Contains(LanguageIdentifier.Canonical(k))) is { } missing)
            {
                throw new OptionsValidationException("languages", $"'{missing}' is kept but not among the candidate languages");
            }
        }

        if (!double.IsFinite(MinConfidence) || MinConfidence is < 0 or > 1)
        {
            throw new OptionsValidationException("min_confidence", "must be between 0 and 1");
        }

        if (MaxChars < 20)
        {
            throw new OptionsValidationException("max_chars", "must be at least 20");
        }
    }
}
