using MidTrain.Generators.Chunking;

namespace MidTrain.Generators.Assembly;

/// <summary>
/// Measures text in the budget's unit (tokens of a tokenizer, or characters) and finds the longest prefix of a text
/// that fits a budget, cut at a sentence end (else a word boundary). Token counts of a prefix are assumed to grow with
/// the prefix (roughly in proportion), so the cut is found by safeguarded interpolation: a few tokenizations of the
/// prefix, not one per bisection step. Thread-safe when the tokenizer is.
/// </summary>
internal sealed class TextBudget(Func<string, int>? countTokens)
{
    /// <summary>Whether the unit is tokens.</summary>
    public bool InTokens => countTokens is not null;

    /// <summary>The size of <paramref name="text"/>.</summary>
    public int Count(string text) => countTokens?.Invoke(text) ?? text.Length;

    /// <summary>The size of <c>text[0..end]</c>.</summary>
    public int CountPrefix(string text, int end) => countTokens is null ? end : countTokens(end == text.Length ? text : text[..end]);

    /// <summary>
    /// The largest cut ≤ <paramref name="end"/> at a sentence end (else a word boundary, else a hard cut in characters
    /// mode) whose prefix fits <paramref name="budget"/>, and the prefix's size; (0, 0) when nothing fits.
    /// <paramref name="unitsAtEnd"/> is the size of <c>text[0..end]</c> when the caller knows it. A cut inside a
    /// sentence is sized as the sentences before it plus the words after (exact in characters, within a token or two
    /// with a tokenizer: callers count the assembled text again).
    /// </summary>
    public (int Cut, int Units) FitPrefix(string text, int end, int budget, int? unitsAtEnd = null)
    {
        if (budget <= 0 || end <= 0)
        {
            return (0, 0);
        }

        var total = unitsAtEnd ?? CountPrefix(text, end);
        if (total <= budget)
        {
            return (end, total);
        }

        var sentenceEnds = new List<int>();
        foreach (var paragraph in TextUnits.Paragraphs(text))
        {
            if (paragraph.Start >= end)
            {
                break;
            }

            foreach (var sentence in TextUnits.Sentences(text, paragraph.Start, Math.Min(paragraph.End, end)))
            {
                if (sentence.End < end)
                {
                    sentenceEnds.Add(sentence.End);
                }
            }
        }

        var (best, bestUnits) = LargestFitting(text, sentenceEnds, budget, end, total);
        var from = best < 0 ? 0 : sentenceEnds[best];
        var upTo = best + 1 < sentenceEnds.Count ? sentenceEnds[best + 1] : end;

        // Within the next sentence, at word boundaries (the words are sized on their own and added to the sentences').
        var wordEnds = new List<int>();
        for (var i = from + 1; i < upTo; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                wordEnds.Add(i);
            }
        }

        int wordEnd = -1, wordUnits = 0, low = 0, high = wordEnds.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var units = bestUnits + (countTokens is null ? wordEnds[mid] - from : countTokens(text[from..wordEnds[mid]]));
            if (units <= budget)
            {
                (wordEnd, wordUnits) = (wordEnds[mid], units);
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (wordEnd >= 0)
        {
            return (wordEnd, wordUnits);
        }

        if (best >= 0)
        {
            return (from, bestUnits);
        }

        // One unbroken word longer than the budget: in characters, cut it (never inside a surrogate pair).
        if (countTokens is null)
        {
            var cut = Math.Min(budget, end);
            cut = cut < text.Length && char.IsLowSurrogate(text[cut]) ? cut - 1 : cut;
            return (cut, cut);
        }

        return (0, 0);
    }

    /// <summary>
    /// The index of the largest cut in <paramref name="cuts"/> (ascending, all before <paramref name="end"/>, whose
    /// prefix is <paramref name="total"/> &gt; budget) that fits, with its size; (-1, 0) when none does. Interpolates
    /// on the units, bisecting when a step does not halve the bracket.
    /// </summary>
    private (int Index, int Units) LargestFitting(string text, List<int> cuts, int budget, int end, int total)
    {
        int lo = -1, hi = cuts.Count;
        long loPos = 0, hiPos = end, loUnits = 0, hiUnits = total;
        var interpolate = true;
        while (hi - lo > 1)
        {
            int mid;
            if (interpolate && hiUnits > loUnits)
            {
                var position = loPos + ((budget - loUnits) * (hiPos - loPos) / (hiUnits - loUnits));
                mid = cuts.BinarySearch(lo + 1, hi - lo - 1, (int)Math.Min(int.MaxValue, position), null);
                mid = mid >= 0 ? mid : ~mid - 1;
                mid = Math.Clamp(mid, lo + 1, hi - 1);
            }
            else
            {
                mid = (lo + hi) >>> 1;
            }

            var width = hi - lo;
            var units = CountPrefix(text, cuts[mid]);
            if (units <= budget)
            {
                (lo, loPos, loUnits) = (mid, cuts[mid], units);
            }
            else
            {
                (hi, hiPos, hiUnits) = (mid, cuts[mid], units);
            }

            interpolate = (hi - lo) * 2 <= width;
        }

        return lo < 0 ? (-1, 0) : (lo, (int)loUnits);
    }
}
