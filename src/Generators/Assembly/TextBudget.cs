using MidTrain.Generators.Chunking;

namespace MidTrain.Generators.Assembly;

/// <summary>
/// Measures text in the budget's unit (tokens of a tokenizer, or characters) and finds the longest prefix of a text
/// that fits a budget, cut at a sentence end (else a word boundary). Token counts of a prefix are assumed to grow with
/// the prefix. Thread-safe when the tokenizer is.
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
    /// mode) with <c>CountPrefix(text, cut) ≤ budget</c>; 0 when nothing fits.
    /// </summary>
    public int FitPrefix(string text, int end, int budget)
    {
        if (budget <= 0 || end <= 0)
        {
            return 0;
        }

        if (CountPrefix(text, end) <= budget)
        {
            return end;
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
                sentenceEnds.Add(sentence.End);
            }
        }

        var best = LargestFitting(text, sentenceEnds, budget);
        var from = best < 0 ? 0 : sentenceEnds[best];
        var upTo = best + 1 < sentenceEnds.Count ? sentenceEnds[best + 1] : end;

        // Within the next sentence, at word boundaries.
        var wordEnds = new List<int>();
        for (var i = from + 1; i < upTo; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                wordEnds.Add(i);
            }
        }

        var word = LargestFitting(text, wordEnds, budget);
        if (word >= 0)
        {
            return wordEnds[word];
        }

        if (best >= 0)
        {
            return from;
        }

        // One unbroken word longer than the budget: in characters, cut it (never inside a surrogate pair).
        if (countTokens is null)
        {
            var cut = Math.Min(budget, end);
            return cut < text.Length && char.IsLowSurrogate(text[cut]) ? cut - 1 : cut;
        }

        return 0;
    }

    /// <summary>The index of the largest cut in <paramref name="cuts"/> (ascending) that fits, or -1.</summary>
    private int LargestFitting(string text, List<int> cuts, int budget)
    {
        int lo = 0, hi = cuts.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (CountPrefix(text, cuts[mid]) <= budget)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
