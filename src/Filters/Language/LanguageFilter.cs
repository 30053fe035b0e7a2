using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Core.Jsonl;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Language;

/// <summary>
/// The <c>language</c> filter: detects the language of an item's checked texts (joined by line breaks) and annotates
/// it as <c>language</c> (ISO 639-1) and <c>language_confidence</c>; rejects items in a language not kept
/// (<c>language_not_kept</c>), detected with less than <c>min_confidence</c> (<c>language_uncertain</c>), or with
/// nothing to detect (<c>language_unknown</c>: no letters). Rejections carry the annotations too, and details with
/// the detected language, its confidence and the runner-up. Thread-safe.
/// </summary>
public sealed class LanguageFilter : SynchronousFilter
{
    /// <summary>The filter name.</summary>
    public const string FilterName = "language";

    /// <summary>The filter version.</summary>
    public const string FilterVersion = "1.0.0";

    /// <summary>The annotation holding the detected language (ISO 639-1).</summary>
    public const string LanguageKey = "language";

    /// <summary>The annotation holding the detector's confidence.</summary>
    public const string ConfidenceKey = "language_confidence";

    private readonly LanguageFilterOptions _options;
    private readonly HashSet<string> _keep;
    private readonly TextSelector _check;

    /// <summary>Creates the filter; <paramref name="options"/> are validated and copied.</summary>
    /// <param name="options">The options.</param>
    /// <param name="resolvePath">Resolves <see cref="LanguageFilterOptions.ModelsDir"/> (null: as given).</param>
    public LanguageFilter(LanguageFilterOptions options, Func<string, string>? resolvePath = null)
        : base(FilterName, FilterVersion)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        RecordedParameters = OptionsBinder.ToJson(_options);
        _keep = _options.Keep.Select(k => LanguageIdentifier.Canonical(k)!).ToHashSet(StringComparer.Ordinal);
        _check = new TextSelector(_options.Check);
        Identifier = LanguageIdentifier.Configured(_options.Languages, _options.Accuracy, _options.ModelsDir, resolvePath, _options.MaxChars);
    }

    /// <summary>The identifier.</summary>
    public LanguageIdentifier Identifier { get; }

    /// <inheritdoc />
    protected override object? Component => Identifier;

    /// <inheritdoc />
    protected override FilterDecision Decide(FilterItem item, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var selected in _check.Select(item))
        {
            if (text.Length >= _options.MaxChars)
            {
                break;
            }

            text.Append(selected.Text).Append('\n');
        }

        var guesses = Identifier.IdentifyAll(text.ToString());
        if (guesses.Count == 0)
        {
            return FilterDecision.Reject("language_unknown", "no language could be detected (no letters in the checked texts)");
        }

        var best = guesses[0];
        var annotations = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [LanguageKey] = JsonSerializer.SerializeToElement(best.Code),
            [ConfidenceKey] = JsonSerializer.SerializeToElement(Math.Round(best.Confidence, 4)),
        };
        if (_keep.Contains(best.Code!) && best.Confidence >= _options.MinConfidence)
        {
            return FilterDecision.Annotate(annotations);
        }

        var details = new JsonObject
        {
            ["detected"] = best.Code,
            ["confidence"] = Math.Round(best.Confidence, 4),
            ["runner_up"] = guesses.Count > 1 ? guesses[1].Code : null,
            ["runner_up_confidence"] = guesses.Count > 1 ? Math.Round(guesses[1].Confidence, 4) : null,
            ["keep"] = new JsonArray(_keep.Order(StringComparer.Ordinal).Select(k => (JsonNode?)k).ToArray()),
            ["min_confidence"] = _options.MinConfidence,
        };
        var confidence = best.Confidence.ToString("F2", CultureInfo.InvariantCulture);
        var decision = _keep.Contains(best.Code!)
            ? FilterDecision.Reject("language_uncertain", $"detected {best.Code} with confidence {confidence}, below {_options.MinConfidence.ToString(CultureInfo.InvariantCulture)}", JsonSerializer.SerializeToElement(details, JsonDefaults.Options))
            : FilterDecision.Reject("language_not_kept", $"detected {best.Code} (confidence {confidence}), not one of {string.Join(", ", _keep.Order(StringComparer.Ordinal))}", JsonSerializer.SerializeToElement(details, JsonDefaults.Options));
        return decision with { Annotations = annotations };
    }
}
