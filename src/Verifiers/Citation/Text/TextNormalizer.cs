using System.Globalization;
using System.Text;
using MidTrain.Core.Text;

namespace MidTrain.Verifiers.Citation.Text;

/// <summary>
/// Folds away the differences between a quote and its source that do not change what is said: Unicode compatibility
/// forms (NFKC: ligatures, full-width forms, non-breaking spaces, composed vs decomposed accents), letter case,
/// typographic quotes, apostrophes and dashes, runs of whitespace, soft hyphens and words hyphenated across a line
/// break; optionally diacritics. Every normalised character keeps the raw span it came from (see
/// <see cref="NormalizedText"/>). Immutable and thread-safe; deterministic.
/// </summary>
/// <remarks>
/// The process runs with invariant globalization, where <see cref="string.Normalize()"/> leaves non-ASCII text
/// unchanged, so NFKC comes from <see cref="UnicodeNormalization"/>'s generated tables (BMP; composition is applied
/// pairwise as marks arrive, without canonical reordering of several marks on one base, which covers real text).
/// </remarks>
public sealed class TextNormalizer
{
    /// <summary>Creates a normaliser.</summary>
    /// <param name="foldDiacritics">Also drop diacritics (é → e, ø → o): for sources whose OCR loses accents.</param>
    public TextNormalizer(bool foldDiacritics = false) => FoldDiacritics = foldDiacritics;

    /// <summary>Whether diacritics are removed.</summary>
    public bool FoldDiacritics { get; }

    /// <summary>Normalises <paramref name="raw"/>.</summary>
    public NormalizedText Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = new StringBuilder(raw.Length);
        var starts = new List<int>(raw.Length);
        var ends = new List<int>(raw.Length);
        var spaceStart = -1;
        var spaceEnd = -1;

        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue; // soft hyphen and zero-width characters carry no text
            }

            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0)
                {
                    if (spaceStart < 0)
                    {
                        spaceStart = i;
                    }

                    spaceEnd = i + 1;
                }

                continue;
            }

            if (IsHyphen(c) && spaceStart < 0 && text.Length > 0 && char.IsLetterOrDigit(text[^1]))
            {
                // "infor-\nmation" → "information": a hyphen after a letter (or an OCR digit), whitespace holding a line break, a letter.
                var j = i + 1;
                var lineBreak = false;
                while (j < raw.Length && char.IsWhiteSpace(raw[j]))
                {
                    lineBreak |= raw[j] is '\n' or '\r';
                    j++;
                }

                if (lineBreak && j < raw.Length && char.IsLetter(raw[j]))
                {
                    i = j - 1;
                    continue;
                }
            }

            if (spaceStart >= 0)
            {
                Append(text, starts, ends, ' ', spaceStart, spaceEnd);
                spaceStart = -1;
            }

            if (c < 0x80)
            {
                Append(text, starts, ends, FoldChar(c), i, i + 1);
                continue;
            }

            string? mapped = null;
            if (FoldDiacritics)
            {
                UnicodeNormalization.TryGetFormWithoutDiacritics(c, out mapped);
            }

            if (mapped is null)
            {
                UnicodeNormalization.TryGetCompatibilityForm(c, out mapped);
            }

            if (mapped is null)
            {
                AppendMapped(text, starts, ends, c, i);
            }
            else
            {
                foreach (var m in mapped)
                {
                    AppendMapped(text, starts, ends, m, i);
                }
            }
        }

        return new NormalizedText(raw, text.ToString(), [.. starts], [.. ends]);
    }

    private void AppendMapped(StringBuilder text, List<int> starts, List<int> ends, char m, int i)
    {
        m = FoldChar(m);
        if (CharUnicodeInfo.GetUnicodeCategory(m) == UnicodeCategory.NonSpacingMark && text.Length > 0)
        {
            if (FoldDiacritics)
            {
                ends[^1] = i + 1;
                return;
            }

            if (UnicodeNormalization.TryCompose(text[^1], m, out var composite))
            {
                text[^1] = composite;
                ends[^1] = i + 1;
                return;
            }
        }

        Append(text, starts, ends, m, i, i + 1);
    }

    private static void Append(StringBuilder text, List<int> starts, List<int> ends, char c, int start, int end)
    {
        text.Append(c);
        starts.Add(start);
        ends.Add(end);
    }

    private static bool IsHyphen(char c) => c is '-' or '\u2010' or '\u2011';

    /// <summary>Case, quote, apostrophe and dash folding of one character.</summary>
    private static char FoldChar(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' or '\u00B4' or '\u02BC' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63' => '-',
        '\u03C2' => '\u03C3', // final sigma folds to sigma
        _ => char.ToLowerInvariant(c),
    };
}
