using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// <c>verify: reasoning_repetition</c>: the trace does not loop. Three rules, the first broken named in the reason:
/// (1) repeated n-gram loops — the share of words lying in a word n-gram seen earlier in the trace;
/// (2) the same sentence over and over — one sentence appearing more than <see cref="ReasoningRepetitionOptions.MaxSentenceRepeats"/>
/// times (case and spacing ignored); (3) degenerate endings — the trace or the answer ends in one unit repeated
/// (<c>the the the the…</c>, <c>!!!!…</c>, a phrase looping until the token limit), found as the shortest period of
/// the text's tail. Score: 1 − the duplicate share. <c>invalid</c> when the sample has no trace. Thread-safe.
/// </summary>
public sealed class ReasoningRepetitionVerifier : ReasoningTraceVerifier<ReasoningRepetitionOptions>
{
    /// <summary>The verifier name.</summary>
    public const string VerifierName = "reasoning_repetition";

    /// <summary>The verifier version.</summary>
    public const string VerifierVersion = "1.0.0";

    /// <summary>Longest repeated unit looked for at the end of a text.</summary>
    private const int MaxPeriod = 200;


    /// <summary>Creates the verifier.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    public ReasoningRepetitionVerifier(ReasoningRepetitionOptions options)
        : base(options, VerifierName, VerifierVersion)
    {
    }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, ReasoningTrace trace, CancellationToken cancellationToken)
    {
        var text = trace.Text!;
        var (words, share) = DuplicateShare(text, Options.Ngram);
        var (sentence, repeats) = MostRepeatedSentence(text, Options.MinSentenceLetters);
        var details = new JsonObject
        {
            ["words"] = words,
            ["duplicate_ngram_share"] = System.Math.Round(share, 4),
            ["most_repeated_sentence"] = repeats > 1 ? Shorten(sentence!) : null,
            ["sentence_repeats"] = repeats,
        };

        string? fault = null;
        if (share > Options.MaxDuplicateShare)
        {
            fault = $"{Percent(share)} of the trace's words repeat an earlier {Options.Ngram}-word sequence (a loop), more than {Percent(Options.MaxDuplicateShare)}";
        }
        else if (repeats > Options.MaxSentenceRepeats)
        {
            fault = $"the sentence \"{Shorten(sentence!)}\" appears {repeats} times, more than {Options.MaxSentenceRepeats}";
        }
        else
        {
            foreach (var (part, body) in new[] { ("trace", text), ("answer", trace.Answer) })
            {
                if (DegenerateTail(body.TrimEnd(), Options.DegenerateRepeats, Options.DegenerateChars) is { } tail)
                {
                    details["degenerate_ending"] = new JsonObject { ["part"] = part, ["unit"] = tail.Unit, ["repeats"] = tail.Repeats };
                    fault = $"the {part} ends in \"{Shorten(tail.Unit)}\" repeated {tail.Repeats} times (a degenerate ending)";
                    break;
                }
            }
        }

        return PassOrFail(fault, "no loops, repeated sentences or degenerate ending", details, System.Math.Round(1 - share, 4));
    }

    /// <summary>Words of <paramref name="text"/> and the share of them covered by an n-gram that occurred earlier.</summary>
    internal static (int Words, double Share) DuplicateShare(string text, int n)
    {
        var words = Words(text);
        if (words.Count < 2 * n)
        {
            return (words.Count, 0);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var covered = new bool[words.Count];
        var key = new StringBuilder();
        for (var i = 0; i + n <= words.Count; i++)
        {
            key.Clear();
            for (var k = i; k < i + n; k++)
            {
                key.Append(words[k]).Append(' ');
            }

            if (!seen.Add(key.ToString()))
            {
                Array.Fill(covered, true, i, n);
            }
        }

        return (words.Count, (double)covered.Count(c => c) / words.Count);
    }

    /// <summary>The sentence (with enough letters) appearing most often, and how often; ties go to the first.</summary>
    internal static (string? Sentence, int Repeats) MostRepeatedSentence(string text, int minLetters)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? best = null;
        var most = 0;
        foreach (var sentence in Sentences.Split(text))
        {
            if (Sentences.Letters(sentence) < minLetters)
            {
                continue;
            }

            var key = string.Join(' ', sentence.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            var count = counts[key] = counts.GetValueOrDefault(key) + 1;
            if (count > most)
            {
                (best, most) = (sentence, count);
            }
        }

        return (best, most);
    }

    /// <summary>
    /// The shortest unit that <paramref name="text"/>'s tail repeats at least <paramref name="minRepeats"/> times over
    /// at least <paramref name="minChars"/> characters, or null.
    /// </summary>
    internal static (string Unit, int Repeats)? DegenerateTail(string text, int minRepeats, int minChars)
    {
        for (var period = 1; period <= System.Math.Min(MaxPeriod, text.Length / minRepeats); period++)
        {
            // Length of the tail in which every character equals the one a period earlier.
            var run = 0;
            for (var k = text.Length - 1; k >= period && text[k] == text[k - period]; k--)
            {
                run++;
            }

            var length = run + period;
            var repeats = length / period;
            if (repeats >= minRepeats && length >= minChars)
            {
                return (text[^period..], repeats);
            }
        }

        return null;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static string Percent(double share) => share.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
