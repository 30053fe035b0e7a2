using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Filters.Language;

/// <summary>
/// The <c>language</c> verifier: checks that a sample's user turns (joined) and, with <c>check_answer</c>, its answer
/// (last assistant message) are in the language named by the sample's attribute (default <c>language</c>). Outcome
/// <c>pass</c> when every checked text is detected as that language; <c>fail</c> when one is detected as another
/// (reason and details name it); <c>invalid</c> when the sample has no such attribute, the attribute is not a
/// language (e.g. <c>same</c>), a checked text is missing, or it has fewer than <c>min_chars</c> letters (too short to
/// tell). The score is the smallest confidence the detector gives the requested language over the checked texts.
/// Details: <c>requested</c>, and per checked part (<c>user</c>, <c>answer</c>) <c>detected</c>, <c>confidence</c> and
/// <c>requested_confidence</c>. Feed verdicts to <see cref="SteeringCompliance"/> for per-language figures. Thread-safe.
/// </summary>
public sealed class LanguageVerifier : SynchronousVerifier
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "language";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";

    private readonly LanguageVerifierOptions _options;

    /// <summary>Creates the verifier; <paramref name="options"/> are validated and copied.</summary>
    /// <param name="options">The options.</param>
    /// <param name="resolvePath">Resolves <see cref="LanguageVerifierOptions.ModelsDir"/> (null: as given).</param>
    public LanguageVerifier(LanguageVerifierOptions? options = null, Func<string, string>? resolvePath = null)
        : base(VerifierName, VerifierVersion)
    {
        _options = (options ?? new LanguageVerifierOptions()).Clone();
        _options.Validate();
        Identifier = LanguageIdentifier.Configured(_options.Languages, _options.Accuracy, _options.ModelsDir, resolvePath, _options.MaxChars);
    }

    /// <summary>The identifier.</summary>
    public LanguageIdentifier Identifier { get; }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, CancellationToken cancellationToken)
    {
        if (!sample.Attributes.TryGetValue(_options.Attribute, out var requestedValue) || string.IsNullOrWhiteSpace(requestedValue))
        {
            return Invalid($"sample has no '{_options.Attribute}' attribute", null);
        }

        var requested = LanguageIdentifier.Canonical(requestedValue);
        if (requested is null)
        {
            return Invalid($"attribute '{_options.Attribute}' = '{requestedValue}' is not a language the detector knows", requestedValue);
        }

        if (!Identifier.Languages.Contains(requested))
        {
            return Invalid($"requested language '{requested}' is not among the detector's candidate languages", requested);
        }

        var user = string.Join('\n', sample.Messages.Where(m => m.Role == Message.User).Select(m => m.Content));
        var parts = new List<(string Part, string? Text)> { ("user", sample.Messages.Any(m => m.Role == Message.User) ? user : null) };
        if (_options.CheckAnswer)
        {
            parts.Add(("answer", sample.LastAssistantContent));
        }

        var details = new JsonObject { ["requested"] = requested };
        var score = 1.0;
        string? mismatch = null;
        foreach (var (part, text) in parts)
        {
            if (text is null)
            {
                return Invalid($"sample has no {(part == "user" ? "user message" : "assistant message")} to check", requested);
            }

            var letters = text.Count(char.IsLetter);
            if (letters < _options.MinChars)
            {
                return Invalid($"the {part} text has {letters} letters, fewer than {_options.MinChars}: too short to tell its language", requested);
            }

            var guesses = Identifier.IdentifyAll(text);
            var best = guesses.Count > 0 ? guesses[0] : LanguageGuess.Unknown;
            var requestedConfidence = guesses.FirstOrDefault(g => g.Code == requested).Confidence;
            details[part] = new JsonObject
            {
                ["detected"] = best.Code,
                ["confidence"] = Math.Round(best.Confidence, 4),
                ["requested_confidence"] = Math.Round(requestedConfidence, 4),
            };
            score = Math.Min(score, requestedConfidence);
            if (best.Code != requested)
            {
                mismatch ??= $"the {part} text is in {best.Code ?? "no detectable language"} (confidence {best.Confidence.ToString("F2", CultureInfo.InvariantCulture)}), not {requested}";
            }
        }

        return new Verdict
        {
            Name = VerifierName,
            Version = VerifierVersion,
            Outcome = mismatch is null ? VerdictOutcome.Pass : VerdictOutcome.Fail,
            Score = Math.Round(score, 4),
            Reason = mismatch ?? $"in {requested} as requested",
            Details = JsonSerializer.SerializeToElement(details, JsonDefaults.Options),
        };
    }

    private static Verdict Invalid(string reason, string? requested) => new()
    {
        Name = VerifierName,
        Version = VerifierVersion,
        Outcome = VerdictOutcome.Invalid,
        Reason = reason,
        Details = JsonSerializer.SerializeToElement(new JsonObject { ["requested"] = requested }, JsonDefaults.Options),
    };
}
