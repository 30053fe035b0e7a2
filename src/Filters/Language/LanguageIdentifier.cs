using System.Collections.Concurrent;
using System.Collections.Frozen;
using MidTrain.Core.Configuration;
using Lingua;
using LinguaLanguage = Lingua.Language;

namespace MidTrain.Filters.Language;

/// <summary>
/// Language identification with Lingua (SearchPioneer.Lingua, Apache-2.0: n-gram models for 79 languages, built
/// from the Leipzig corpora, good on short texts). Chosen because it is the maintained .NET language detector
/// available here (no fastText or CLD3 binding is), runs fully offline from models shipped in the package, and
/// reports a confidence per language, which <c>min_confidence</c> needs. Languages are ISO 639-1 codes. The detector
/// for one configuration is built once per process and shared (Lingua's models are process-wide and loaded
/// thread-safely), so creating several identifiers is cheap after the first. Thread-safe.
/// </summary>
/// <remarks>
/// Lingua looks for its models in <c>Lingua/LanguageModels</c> beside the executable (the package's build step copies
/// them there, about 72 MB) unless a models directory is given. Texts are cut to <see cref="MaxChars"/> characters (at
/// a word boundary) before detection: detection cost grows with length while accuracy stops improving after a few
/// hundred characters.
/// </remarks>
public sealed class LanguageIdentifier
{
    private static readonly ConcurrentDictionary<string, Lazy<LanguageDetector>> Detectors = new(StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, LinguaLanguage> ByCode = LanguageInfo.All()
        .ToFrozenDictionary(l => l.IsoCode6391().ToString().ToLowerInvariant(), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, LinguaLanguage> ByAnyName = LanguageInfo.All()
        .SelectMany(l => new[] { (Key: l.IsoCode6391().ToString(), Language: l), (Key: l.IsoCode6393().ToString(), Language: l), (Key: l.ToString(), Language: l) })
        .ToFrozenDictionary(x => x.Key.ToLowerInvariant(), x => x.Language, StringComparer.Ordinal);

    private readonly LanguageDetector _detector;

    /// <summary>Creates an identifier (loading the models of <paramref name="languages"/> on first use in the process).</summary>
    /// <param name="languages">ISO 639-1 codes of the candidate languages; null or empty for all 79.</param>
    /// <param name="accuracy">Lingua's accuracy mode.</param>
    /// <param name="modelsDirectory">Where Lingua's models are, or null for <c>Lingua/LanguageModels</c> beside the executable.</param>
    /// <param name="maxChars">Texts are cut to this many characters before detection.</param>
    /// <exception cref="OptionsValidationException">A code is unsupported (key <c>languages</c>) or the models are missing (key <c>models_dir</c>).</exception>
    public LanguageIdentifier(IReadOnlyCollection<string>? languages = null, LanguageAccuracy accuracy = LanguageAccuracy.Low, string? modelsDirectory = null, int maxChars = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var candidates = languages is { Count: > 0 }
            ? languages.Select(code => Resolve(code) ?? throw new OptionsValidationException("languages", $"'{code}' is not a language Lingua knows (ISO 639-1 codes: {string.Join(", ", SupportedCodes)})")).Distinct().Order().ToArray()
            : LanguageInfo.All().Order().ToArray();
        if (candidates.Length < 2)
        {
            throw new OptionsValidationException("languages", "name at least two candidate languages (with one, every text would be that language)");
        }

        var directory = modelsDirectory ?? Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");
        if (!Directory.Exists(directory))
        {
            throw new OptionsValidationException("models_dir", $"Lingua's language models are not at {directory}");
        }

        Languages = candidates.Select(l => l.IsoCode6391().ToString().ToLowerInvariant()).ToArray();
        Accuracy = accuracy;
        MaxChars = maxChars;
        var key = $"{accuracy}|{directory}|{string.Join(',', Languages)}";
        _detector = Detectors.GetOrAdd(key, _ => new Lazy<LanguageDetector>(() => Build(candidates, accuracy, directory))).Value;
    }

    /// <summary>
    /// An identifier as configured: <paramref name="modelsDirectory"/>, as written in the configuration, is resolved
    /// with <paramref name="resolvePath"/> (null: used as given). See the constructor for the rest.
    /// </summary>
    /// <exception cref="OptionsValidationException">A code is unsupported (key <c>languages</c>) or the models are missing (key <c>models_dir</c>).</exception>
    public static LanguageIdentifier Configured(IReadOnlyCollection<string> languages, LanguageAccuracy accuracy, string? modelsDirectory, Func<string, string>? resolvePath, int maxChars = 1000) =>
        new(languages, accuracy, modelsDirectory is not null && resolvePath is not null ? resolvePath(modelsDirectory) : modelsDirectory, maxChars);

    /// <summary>Throws for the first of <paramref name="languages"/> (an options list, key <c>languages</c>) that is not a language the detector knows.</summary>
    /// <exception cref="OptionsValidationException">A language is unknown.</exception>
    public static void ValidateLanguages(IEnumerable<string> languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        if (languages.FirstOrDefault(l => Canonical(l) is null) is { } unknown)
        {
            throw new OptionsValidationException("languages", $"'{unknown}' is not a language the detector knows");
        }
    }

    /// <summary>The ISO 639-1 codes of every language Lingua supports, in ordinal order.</summary>
    public static IReadOnlyList<string> SupportedCodes { get; } = ByCode.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The candidate languages (ISO 639-1), in ordinal order.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>The accuracy mode.</summary>
    public LanguageAccuracy Accuracy { get; }

    /// <summary>Texts are cut to this many characters before detection.</summary>
    public int MaxChars { get; }

    /// <summary>
    /// The ISO 639-1 code for <paramref name="language"/> given as an ISO 639-1 or 639-3 code or an English name
    /// (<c>fr</c>, <c>FRA</c>, <c>French</c>), or null when Lingua does not know it.
    /// </summary>
    public static string? Canonical(string? language) =>
        language is not null && Resolve(language) is { } resolved ? resolved.IsoCode6391().ToString().ToLowerInvariant() : null;

    /// <summary>The most likely language of <paramref name="text"/>, or <see cref="LanguageGuess.Unknown"/> when there is nothing to detect.</summary>
    public LanguageGuess Identify(string text)
    {
        var all = IdentifyAll(text);
        return all.Count == 0 ? LanguageGuess.Unknown : all[0];
    }

    /// <summary>Every candidate language with its confidence, most likely first (empty when there is nothing to detect).</summary>
    public IReadOnlyList<LanguageGuess> IdentifyAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = _detector.ComputeLanguageConfidenceValues(Cut(text));
        var result = new List<LanguageGuess>(values.Count);
        foreach (var (language, confidence) in values)
        {
            if (language != LinguaLanguage.Unknown && confidence > 0)
            {
                result.Add(new LanguageGuess(language.IsoCode6391().ToString().ToLowerInvariant(), confidence));
            }
        }

        // Lingua sorts by confidence; ties (e.g. a text only a rule decides) are ordered by code for determinism.
        result.Sort((a, b) => b.Confidence != a.Confidence ? b.Confidence.CompareTo(a.Confidence) : string.CompareOrdinal(a.Code, b.Code));
        return result;
    }

    private string Cut(string text)
    {
        if (text.Length <= MaxChars)
        {
            return text;
        }

        var cut = text.LastIndexOfAny([' ', '\n', '\t'], MaxChars, Math.Min(MaxChars, 200));
        return text[..(cut > 0 ? cut : MaxChars)];
    }

    private static LinguaLanguage? Resolve(string code) =>
        ByAnyName.TryGetValue(code.Trim().ToLowerInvariant(), out var language) ? language : null;

    private static LanguageDetector Build(LinguaLanguage[] candidates, LanguageAccuracy accuracy, string directory)
    {
        var builder = LanguageDetectorBuilder.FromLanguages(candidates).WithLanguageModelsDirectory(directory).WithPreloadedLanguageModels();
        if (accuracy == LanguageAccuracy.Low)
        {
            builder = builder.WithLowAccuracyMode();
        }

        return builder.Build();
    }
}
