using System.Globalization;
using System.Text.RegularExpressions;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Citation.Alignment;
using MidTrain.Verifiers.Citation.Candidates;
using MidTrain.Verifiers.Citation.Quotes;
using MidTrain.Verifiers.Citation.Reuse;
using MidTrain.Verifiers.Citation.Text;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// Proves quotes against their sources. Each quote is split at its ellipses into fragments; each fragment is
/// normalised and aligned (affine-gap local alignment, SIMD kernel) on candidate windows found through shared
/// character n-grams, the next fragment searched after the previous one within <see cref="CitationOptions.MaxFragmentGap"/>;
/// the best window is re-aligned with traceback to get the span, identity and coverage.
/// </summary>
/// <remarks>
/// <para><b>Decisive edits.</b> Identity tolerates scattered noise (OCR, typography), but a fabricated quote often
/// differs in one place that matters. With <see cref="CitationOptions.DecisiveEdits"/> on, a quote is refuted, whatever
/// its identity, when:</para>
/// <list type="number">
/// <item>a number differs: a digit is paired with a different digit or with a gap (a digit against a letter, OCR's
/// 1/l or 0/O, is tolerated as noise);</item>
/// <item>a word is rewritten: some word, in the quote or in the source, has at least two edited columns and half of its
/// characters edited — more than half for words of four or five characters, all of them for words of two or three
/// (which two OCR errors can garble). One glyph read as two in a known OCR confusion (m/rn, d/cl, h/li, n/ri, u/ii…)
/// counts as one edit, and a source word cut by the quote's end counts its cut-off part when it was edited twice
/// inside (cisterna for costruzione).</item>
/// </list>
/// <para>The edits are read from a fitting alignment of the whole quote (its edges included) on the source around the
/// local hit, so a changed first or last word cannot escape by being left outside the local alignment. Independent
/// OCR errors at 2–5 % rarely hit one word that often (about C(L, ⌈L/2⌉)·p^⌈L/2⌉), while replacing a name or a
/// content word, inserting "not" or dropping a word edits most of that word. A replacement that keeps most letters
/// in order (Calderas → Carrasco) can pass; the labelled test set measures how often.</para>
/// <para>Thread-safe: every call builds its own state.</para>
/// </remarks>
public sealed partial class CitationChecker
{
    private readonly CitationOptions _options;

    /// <summary>Creates a checker with <paramref name="options"/> (defaults when null).</summary>
    public CitationChecker(CitationOptions? options = null)
    {
        _options = options ?? CitationOptions.Default;
        _options.Validate();
        Normalizer = new TextNormalizer(_options.FoldDiacritics);
    }

    /// <summary>The normaliser applied to sources and quotes.</summary>
    public TextNormalizer Normalizer { get; }

    /// <summary>Prepares a source for <see cref="Check"/>.</summary>
    public CitationSource CreateSource(string id, string text, bool isDefault = false) => new(id, text, Normalizer, isDefault);

    /// <summary>
    /// Checks <paramref name="quotes"/> against <paramref name="sources"/>, and the <paramref name="answer"/> (when
    /// given) for unmarked reuse.
    /// </summary>
    public CitationReport Check(IReadOnlyList<CitationSource> sources, IReadOnlyList<Quote> quotes, string? answer = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(quotes);
        if (sources.Count == 0)
        {
            return new CitationReport { Outcome = VerdictOutcome.Invalid, Reason = "no source to check against" };
        }

        if (quotes.Count == 0)
        {
            return new CitationReport { Outcome = VerdictOutcome.Invalid, Reason = "nothing to check: no quotes found" };
        }

        var checks = new List<QuoteCheck>(quotes.Count);
        for (var q = 0; q < quotes.Count; q++)
        {
            var quote = quotes[q];
            IReadOnlyList<CitationSource> candidates = sources;
            if (quote.SourceId is not null)
            {
                var cited = Resolve(quote.SourceId, sources);
                if (cited is null)
                {
                    return new CitationReport
                    {
                        Outcome = VerdictOutcome.Invalid,
                        Reason = $"quote {q + 1} cites source '{quote.SourceId}', which is missing (have: {string.Join(", ", sources.Select(s => s.Id))})",
                        Quotes = checks,
                    };
                }

                candidates = [cited];
            }

            checks.Add(CheckQuote(quote, candidates));
        }

        var supported = checks.Count(c => c.Supported);
        var firstFailure = checks.FindIndex(c => !c.Supported);
        var reuse = answer is not null && _options.DetectReuse ? ReuseDetector.Find(Normalizer.Normalize(answer), sources, quotes, _options) : null;
        return new CitationReport
        {
            Outcome = supported == checks.Count ? VerdictOutcome.Pass : VerdictOutcome.Fail,
            Reason = firstFailure < 0
                ? $"{supported}/{checks.Count} quotes supported"
                : $"{supported}/{checks.Count} quotes supported; quote {firstFailure + 1}: {checks[firstFailure].Reason}",
            Score = (double)supported / checks.Count,
            Quotes = checks,
            Reuse = reuse,
        };
    }

    /// <summary>Checks one quote against each candidate source and keeps the best (supported first, then score).</summary>
    public QuoteCheck CheckQuote(Quote quote, IReadOnlyList<CitationSource> candidates)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(candidates);
        var fragments = SplitFragments(quote.Text).Select(f => Normalizer.Normalize(f).Text).Where(f => f.Length > 0).ToList();
        if (fragments.Count == 0)
        {
            return new QuoteCheck { Quote = quote.Text, Supported = false, Reason = "empty quote" };
        }

        QuoteCheck? best = null;
        foreach (var source in candidates)
        {
            var check = CheckAgainst(quote.Text, fragments, source);
            if (best is null || (check.Supported && !best.Supported) || (check.Supported == best.Supported && check.Score > best.Score))
            {
                best = check;
            }
        }

        return best ?? new QuoteCheck { Quote = quote.Text, Supported = false, Reason = "no source to check against" };
    }

    /// <summary>Splits a quote at ellipses (<c>...</c>, <c>…</c>, <c>(…)</c>, <c>[...]</c>) into its fragments.</summary>
    public static IReadOnlyList<string> SplitFragments(string quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return [.. EllipsisPattern().Split(QuoteExtractor.StripQuotationMarks(quote)).Select(f => f.Trim()).Where(f => f.Length > 0)];
    }

    private static CitationSource? Resolve(string id, IReadOnlyList<CitationSource> sources)
    {
        var trimmed = id.Trim();
        var exact = sources.FirstOrDefault(s => s.Id == trimmed);
        if (exact is not null)
        {
            return exact;
        }

        // Pleias and numbered styles: "<|source_id|>2", "source 2", "2" all name the source whose id has those digits.
        var digits = Digits(trimmed);
        if (digits.Length > 0)
        {
            var byDigits = sources.Where(s => Digits(s.Id) == digits).ToList();
            if (byDigits.Count == 1)
            {
                return byDigits[0];
            }
        }

        return sources.Count == 1 && sources[0].IsDefault ? sources[0] : null;
    }

    private static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    private QuoteCheck CheckAgainst(string quoteText, List<string> fragments, CitationSource source)
    {
        var scoring = _options.Scoring;
        var text = source.Normalized.Text;
        var hits = new List<(LocalAlignment Alignment, string Fragment)>();
        int matches = 0, columns = 0, covered = 0, total = 0, score = 0, missing = 0;
        var previousEnd = -1;
        string? decisive = null;
        foreach (var fragment in fragments)
        {
            total += fragment.Length;
            var lo = previousEnd < 0 ? 0 : previousEnd;
            var hi = previousEnd < 0 ? text.Length : (int)System.Math.Min(text.Length, (long)previousEnd + _options.MaxFragmentGap + (2L * fragment.Length) + 16);
            var alignment = FragmentAligner.Align(fragment, source, lo, hi, scoring, _options.VectorWidth);
            if (alignment is null)
            {
                missing++;
                continue;
            }

            hits.Add((alignment, fragment));
            matches += alignment.Matches;
            columns += alignment.Columns;
            covered += alignment.QueryEnd - alignment.QueryStart;
            score += alignment.Score;
            previousEnd = alignment.TargetEnd;
            if (_options.DecisiveEdits)
            {
                decisive ??= FindDecisiveEdit(fragment, source.Normalized, alignment, scoring);
            }
        }

        var identity = columns == 0 ? 0 : (double)matches / columns;
        var coverage = total == 0 ? 0 : (double)covered / total;
        var normalizedScore = total == 0 ? 0 : System.Math.Min(1.0, (double)score / (total * scoring.Match));
        (int Start, int End)? span = null;
        string? sourceText = null;
        if (hits.Count > 0)
        {
            span = source.Normalized.ToRawSpan(hits[0].Alignment.TargetStart, hits[^1].Alignment.TargetEnd);
            sourceText = source.Normalized.Raw[span.Value.Start..span.Value.End];
        }

        string? reason = null;
        if (hits.Count == 0)
        {
            reason = "no alignment found in the source";
        }
        else if (missing > 0)
        {
            reason = $"{missing} of {fragments.Count} fragments not found in order within {_options.MaxFragmentGap} characters";
        }
        else if (identity < _options.MinIdentity)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"identity {identity:0.###} < {_options.MinIdentity}");
        }
        else if (coverage < _options.MinCoverage)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"coverage {coverage:0.###} < {_options.MinCoverage}");
        }
        else if (decisive is not null)
        {
            reason = decisive;
        }

        return new QuoteCheck
        {
            Quote = quoteText,
            SourceId = source.Id,
            Supported = reason is null,
            Identity = identity,
            Coverage = coverage,
            Score = normalizedScore,
            AlignmentScore = score,
            Span = span,
            SourceText = sourceText,
            Fragments = fragments.Count,
            Reason = reason,
        };
    }

    /// <summary>The first decisive edit of an alignment (see the class remarks), described, or null.</summary>
    internal static string? FindDecisiveEdit(string query, NormalizedText source, LocalAlignment alignment, AlignmentScoring scoring)
    {
        var target = source.Text;
        var queryEdits = new Dictionary<int, int>();
        var targetEdits = new Dictionary<int, int>();

        // Judge the whole quote, edges included: re-align all of it (fitting alignment) on the source around the local
        // hit, so a changed first or last word cannot escape by being cut off.
        var windowStart = System.Math.Max(0, alignment.TargetStart - alignment.QueryStart - 8);
        var windowEnd = System.Math.Min(target.Length, alignment.TargetEnd + (query.Length - alignment.QueryEnd) + 8);

        // A local alignment that already spans the whole quote is an optimal fitting one.
        var refit = alignment.QueryStart > 0 || alignment.QueryEnd < query.Length;
        var fitted = refit
            ? GotohAligner.Align(query, target.AsSpan(windowStart, windowEnd - windowStart), scoring, wholeQuery: true)!
            : alignment;
        var offset = refit ? windowStart : 0;
        int i = fitted.QueryStart, j = fitted.TargetStart + offset;
        var operations = fitted.Operations;
        for (var k = 0; k < operations.Length; k++)
        {
            var op = operations[k];
            if (op != '=' && k + 1 < operations.Length && IsGlyphSplit(op, operations[k + 1], query, i, target, j, out var queryStep, out var targetStep))
            {
                // One glyph read as two (m → rn) or two as one: a single recognition error, counted once.
                Count(queryEdits, query, i);
                Count(targetEdits, target, j);
                i += queryStep;
                j += targetStep;
                k++;
                continue;
            }

            switch (op)
            {
                case '=':
                    i++;
                    j++;
                    break;
                case 'X':
                    if (char.IsDigit(query[i]) && char.IsDigit(target[j]))
                    {
                        return $"number differs: '{WordAt(query, i)}' where the source has '{WordAt(target, j)}'";
                    }

                    Count(queryEdits, query, i);
                    Count(targetEdits, target, j);
                    i++;
                    j++;
                    break;
                case 'I':
                    if (char.IsDigit(query[i]))
                    {
                        return $"number differs: '{WordAt(query, i)}' has a digit the source lacks";
                    }

                    Count(queryEdits, query, i);
                    i++;
                    break;
                default:
                    if (char.IsDigit(target[j]))
                    {
                        return $"number differs: the source's '{WordAt(target, j)}' lost a digit";
                    }

                    Count(targetEdits, target, j);
                    j++;
                    break;
            }
        }

        // A source word cut by the quote's ends and edited twice inside the quote is being replaced (cisterna for
        // costruzione): its cut-off part counts as edited too. A clean cut (the quote starts or ends mid-word but
        // matches) is a truncation, not a change.
        var fittedStart = fitted.TargetStart + offset;
        var headStart = WordStart(target, fittedStart);
        var tailEnd = WordEnd(target, j);
        foreach (var (from, to, word) in new[] { (headStart, fittedStart, headStart), (j, tailEnd, WordStart(target, System.Math.Max(0, j - 1))) })
        {
            if (from < to && targetEdits.GetValueOrDefault(word) >= 2)
            {
                for (var c = from; c < to; c++)
                {
                    if (char.IsDigit(target[c]))
                    {
                        return $"number differs: the quote cuts the source's '{WordAt(target, c)}'";
                    }

                    Count(targetEdits, target, c);
                }
            }
        }

        return Rewritten(queryEdits, query) is { } q ? $"word differs: '{q}' is not in the source"
            : Rewritten(targetEdits, target) is { } t ? $"word differs: the source's '{t}' was changed or dropped"
            : null;
    }

    /// <summary>
    /// Whether two adjacent columns — a mismatch and a gap, in either order — pair one glyph with two that OCR
    /// commonly confuses with it (m/rn, m/nn, d/cl, h/li, n/ri, u/ii, n/ii, w/vv, k/lc), in either direction.
    /// </summary>
    private static bool IsGlyphSplit(char first, char second, string query, int i, string target, int j, out int queryStep, out int targetStep)
    {
        queryStep = targetStep = 0;
        var ops = $"{first}{second}";
        string one, two;
        if (ops is "XI" or "IX")
        {
            if (i + 2 > query.Length || j + 1 > target.Length)
            {
                return false;
            }

            (one, two, queryStep, targetStep) = (target.Substring(j, 1), query.Substring(i, 2), 2, 1);
        }
        else if (ops is "XD" or "DX")
        {
            if (i + 1 > query.Length || j + 2 > target.Length)
            {
                return false;
            }

            (one, two, queryStep, targetStep) = (query.Substring(i, 1), target.Substring(j, 2), 1, 2);
        }
        else
        {
            return false;
        }

        return (one, two) is ("m", "rn") or ("m", "nn") or ("d", "cl") or ("h", "li") or ("n", "ri") or ("u", "ii") or ("n", "ii") or ("w", "vv") or ("k", "lc");
    }

    private static void Count(Dictionary<int, int> edits, string text, int index)
    {
        if (index < text.Length && char.IsLetterOrDigit(text[index]))
        {
            var start = index;
            while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
            {
                start--;
            }

            edits[start] = edits.GetValueOrDefault(start) + 1;
        }
    }

    private static string? Rewritten(Dictionary<int, int> edits, string text)
    {
        foreach (var (start, count) in edits)
        {
            var length = WordAt(text, start).Length;
            // Short words (2–3 characters) only when wholly edited, 4–5 when more than half is, longer ones from half on.
            if (count >= 2 && (length <= 3 ? count >= length : length <= 5 ? 2 * count > length : 2 * count >= length))
            {
                return WordAt(text, start);
            }
        }

        return null;
    }

    /// <summary>Start of the word containing <paramref name="index"/> when it continues a word begun before it, else <paramref name="index"/>.</summary>
    private static int WordStart(string text, int index)
    {
        if (index <= 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]))
        {
            return index;
        }

        while (index > 0 && char.IsLetterOrDigit(text[index - 1]))
        {
            index--;
        }

        return index;
    }

    /// <summary>End of the word that <paramref name="index"/> falls inside (continuing one begun before it), else <paramref name="index"/>.</summary>
    private static int WordEnd(string text, int index)
    {
        if (index <= 0 || index >= text.Length || !char.IsLetterOrDigit(text[index - 1]))
        {
            return index;
        }

        while (index < text.Length && char.IsLetterOrDigit(text[index]))
        {
            index++;
        }

        return index;
    }

    private static string WordAt(string text, int index)
    {
        int start = index, end = index;
        while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }

        return end > start ? text[start..end] : text.Substring(index, System.Math.Min(1, text.Length - index));
    }

    [GeneratedRegex(@"\s*(?:[\(\[]\s*(?:\.{3,}|\u2026)\s*[\)\]]|\.{3,}|\u2026)\s*")]
    private static partial Regex EllipsisPattern();
}
