using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Filters.Language;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// <c>verify: reasoning_language</c>: the trace (and the answer) in the sample's language — reasoning models switch
/// language mid-trace (QwQ drifts into Chinese; an English trace behind a French question is common). The sample's
/// language is its <c>language</c> attribute, else the detected language of its first user message. The trace is cut
/// into sentences (short ones joined with the ones after them; up to <see cref="ReasoningLanguageOptions.MaxSentences"/>,
/// spread over the trace), each identified with Lingua; sentences identified as another language count when they come
/// in runs (<see cref="ReasoningLanguageOptions.MinRun"/> in a row — a lone sentence of foreign names is misidentified
/// now and then), and the sample fails when their share exceeds <see cref="ReasoningLanguageOptions.MaxForeignShare"/>,
/// or the answer is in another language. Score: the share of judged sentences not counted as foreign. <c>invalid</c>: no trace, no language to compare with, or no sentence long
/// enough to judge. Thread-safe.
/// </summary>
public sealed class ReasoningLanguageVerifier : ReasoningTraceVerifier<ReasoningLanguageOptions>
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "reasoning_language";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";

    private readonly LanguageIdentifier _identifier;

    /// <summary>Creates the verifier (loading Lingua's models for the candidate languages on first use in the process).</summary>
    /// <param name="options">The options.</param>
    /// <param name="resolvePath">Resolves <see cref="ReasoningLanguageOptions.ModelsDir"/> (null: as given).</param>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid, or Lingua's models are missing.</exception>
    public ReasoningLanguageVerifier(ReasoningLanguageOptions options, Func<string, string>? resolvePath = null)
        : base(options, VerifierName, VerifierVersion)
    {
        _identifier = LanguageIdentifier.Configured(options.Languages, options.Accuracy, options.ModelsDir, resolvePath);
    }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, ReasoningTrace trace, CancellationToken cancellationToken)
    {
        var (language, source) = LanguageOf(sample);
        if (language is null)
        {
            return Invalid(source);
        }

        var judged = Pieces(Sentences.Split(trace.Text!), Options.MinSentenceLetters);
        if (judged.Count > Options.MaxSentences)
        {
            var step = (double)judged.Count / Options.MaxSentences;
            judged = Enumerable.Range(0, Options.MaxSentences).Select(i => judged[(int)(i * step)]).ToList();
        }

        if (judged.Count == 0)
        {
            return Invalid($"no sentence of the trace has {Options.MinSentenceLetters} letters or more: too short to tell its language");
        }

        // The detected language of each piece (null: the sample's own, or nothing detectable).
        var detected = new string?[judged.Count];
        for (var i = 0; i < judged.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var code = _identifier.Identify(judged[i]).Code;
            detected[i] = code is not null && code != language ? code : null;
        }

        // Only runs of MinRun or more foreign pieces in a row count: a language switch lasts, a misidentified sentence does not.
        var foreign = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string? firstForeign = null;
        var isolated = 0;
        for (var start = 0; start < judged.Count;)
        {
            if (detected[start] is null)
            {
                start++;
                continue;
            }

            var end = start;
            while (end < judged.Count && detected[end] is not null)
            {
                end++;
            }

            if (end - start >= Options.MinRun)
            {
                for (var i = start; i < end; i++)
                {
                    foreign[detected[i]!] = foreign.GetValueOrDefault(detected[i]!) + 1;
                }

                firstForeign ??= judged[start].Length > 80 ? judged[start][..80] + "…" : judged[start];
            }
            else
            {
                isolated += end - start;
            }

            start = end;
        }

        var foreignCount = foreign.Values.Sum();
        var share = (double)foreignCount / judged.Count;
        var details = new JsonObject
        {
            ["language"] = language,
            ["language_from"] = source,
            ["sentences_judged"] = judged.Count,
            ["foreign_sentences"] = foreignCount,
            ["isolated_foreign_sentences"] = isolated,
            ["foreign_share"] = System.Math.Round(share, 4),
            ["foreign_languages"] = new JsonObject(foreign.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
            ["first_foreign_sentence"] = firstForeign,
        };

        string? fault = null;
        if (share > Options.MaxForeignShare)
        {
            fault = $"{foreignCount} of {judged.Count} trace sentences ({Percent(share)}) are not in {language} (mostly {foreign.MaxBy(f => f.Value).Key}), more than {Percent(Options.MaxForeignShare)}";
        }
        else if (Options.CheckAnswer && Sentences.Letters(trace.Answer) >= Options.MinSentenceLetters)
        {
            var answer = _identifier.Identify(trace.Answer).Code;
            details["answer_language"] = answer;
            if (answer is not null && answer != language)
            {
                fault = $"the answer is in {answer}, not {language}";
            }
        }

        return PassOrFail(fault, $"the trace is in {language} ({Percent(1 - share)} of {judged.Count} sentences)", details, System.Math.Round(1 - share, 4));
    }

    /// <summary>The sentences, short ones joined with the ones after them until a piece has <paramref name="minLetters"/> letters.</summary>
    private static List<string> Pieces(List<string> sentences, int minLetters)
    {
        var pieces = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var sentence in sentences)
        {
            current.Append(current.Length == 0 ? string.Empty : " ").Append(sentence);
            if (Sentences.Letters(current.ToString()) >= minLetters)
            {
                pieces.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0 && pieces.Count > 0 && Sentences.Letters(current.ToString()) > 0)
        {
            // A short tail joins the last piece rather than being judged alone.
            pieces[^1] += " " + current;
        }

        return pieces;
    }

    private (string? Language, string Source) LanguageOf(Sample sample)
    {
        if (sample.Attributes.TryGetValue(Options.Attribute, out var value) && LanguageIdentifier.Canonical(value) is { } declared)
        {
            return _identifier.Languages.Contains(declared)
                ? (declared, "attribute")
                : (null, $"the sample's language '{declared}' is not among the detector's candidate languages");
        }

        var question = sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content;
        if (question is null || Sentences.Letters(question) < Options.MinSentenceLetters)
        {
            return (null, $"the sample has no '{Options.Attribute}' attribute and no user message long enough to tell its language");
        }

        return _identifier.Identify(question).Code is { } detected ? (detected, "question") : (null, "the question's language could not be identified");
    }

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);
}
