using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MidTrain.Core.Text;

namespace MidTrain.Filters.Text;

/// <summary>
/// Splits a text into normalised words for overlap matching: Unicode NFKC (from <see cref="UnicodeNormalization"/>'s
/// tables, since <see cref="string.Normalize()"/> does nothing under invariant globalization), case folding,
/// punctuation and symbols as separators, whitespace collapsed, apostrophes and zero-width characters dropped inside
/// words (<c>don't</c> = <c>dont</c>), combining marks composed onto their base. Letters and digits form words; each
/// character of a script written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) is a word of its own. Every
/// word keeps the raw span it came from. Stateless and thread-safe; deterministic across processes (no randomised
/// string hashing).
/// </summary>
internal static class WordTokenizer
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Feeds the words of <paramref name="text"/> to <paramref name="sink"/>.</summary>
    public static void Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IWordSink
    {
        var state = new State();
        Span<char> lowered = stackalloc char[2];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                {
                    state.Letter(ref sink, c, i);
                }
                else if (c is >= 'A' and <= 'Z')
                {
                    state.Letter(ref sink, (char)(c | 0x20), i);
                }
                else if (c != '\'')
                {
                    state.Separator(ref sink);
                }

                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                if (Rune.IsLetterOrDigit(rune))
                {
                    var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(lowered);
                    var alone = IsUnspacedScript(rune.Value);
                    if (alone)
                    {
                        state.Separator(ref sink);
                    }

                    for (var k = 0; k < written; k++)
                    {
                        state.Letter(ref sink, lowered[k], i);
                    }

                    state.Extend(i + 2);
                    if (alone)
                    {
                        state.Separator(ref sink);
                    }
                }
                else
                {
                    state.Separator(ref sink);
                }

                i++;
                continue;
            }

            if (c is '\u2019' or '\u2018' or '\u02BC' or '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue; // apostrophes, soft hyphens and zero-width characters join rather than split
            }

            if (UnicodeNormalization.TryGetCompatibilityForm(c, out var form))
            {
                foreach (var m in form)
                {
                    Classify(ref state, ref sink, m, i);
                }
            }
            else
            {
                Classify(ref state, ref sink, c, i);
            }
        }

        state.Separator(ref sink);
    }

    /// <summary>The normalised words of <paramref name="text"/> joined by single spaces (for tests and diagnostics).</summary>
    public static string Normalize(string text)
    {
        var sink = new StringSink(new StringBuilder(text.Length));
        Tokenize(text, ref sink);
        return sink.Builder.ToString();
    }

    /// <summary>
    /// The words of <paramref name="text"/> with their hashes, written into <paramref name="words"/> (a pooled array,
    /// replaced by a larger one from <see cref="ArrayPool{T}.Shared"/> when needed); returns the count.
    /// </summary>
    public static int Hash(ReadOnlySpan<char> text, ref NormalizedWord[] words)
    {
        var sink = new HashingSink(words);
        Tokenize(text, ref sink);
        words = sink.Words;
        return sink.Count;
    }

    /// <summary>The hash of the n-gram <paramref name="words"/> (order-sensitive; never 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ReadOnlySpan<NormalizedWord> words, ulong seed)
    {
        var h = seed ^ (ulong)words.Length;
        foreach (var word in words)
        {
            h = BitOperations.RotateLeft((h ^ word.Hash) * 0x9E3779B97F4A7C15UL, 31);
        }

        h = Mix(h);
        return h == 0 ? 1 : h;
    }

    /// <summary>The murmur3 64-bit finaliser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    private static void Classify<TSink>(ref State state, ref TSink sink, char m, int i)
        where TSink : struct, IWordSink
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(m))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                var lower = m == '\u03C2' ? '\u03C3' : char.ToLowerInvariant(m); // final sigma is sigma
                if (IsUnspacedScript(lower))
                {
                    state.Separator(ref sink);
                    state.Letter(ref sink, lower, i);
                    state.Separator(ref sink);
                }
                else
                {
                    state.Letter(ref sink, lower, i);
                }

                break;
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
                state.Mark(ref sink, m, i);
                break;
            case UnicodeCategory.Format:
                break; // invisible controls (bidi marks, joiners) neither split nor join
            default:
                state.Separator(ref sink);
                break;
        }
    }

    /// <summary>Scripts written without spaces between words: each character is a word.</summary>
    private static bool IsUnspacedScript(int c) =>
        c is >= 0x4E00 and <= 0x9FFF // CJK unified ideographs
            or >= 0x3400 and <= 0x4DBF // extension A
            or >= 0x20000 and <= 0x3FFFF // extensions B and later
            or >= 0xF900 and <= 0xFAFF // compatibility ideographs
            or >= 0x3040 and <= 0x30FF // hiragana, katakana
            or >= 0x31F0 and <= 0x31FF // katakana extensions
            or >= 0x0E00 and <= 0x0EFF // Thai, Lao
            or >= 0x1780 and <= 0x17FF // Khmer
            or >= 0x1000 and <= 0x109F; // Myanmar

    /// <summary>The current word: its raw start and end, and the last character, held back so a following mark can compose with it.</summary>
    private struct State
    {
        private int _start;
        private int _end;
        private char _pending;
        private bool _inWord;

        public void Letter<TSink>(ref TSink sink, char c, int i)
            where TSink : struct, IWordSink
        {
            if (_inWord)
            {
                sink.Char(_pending);
            }
            else
            {
                _inWord = true;
                _start = i;
            }

            _pending = c;
            _end = i + 1;
        }

        public void Mark<TSink>(ref TSink sink, char m, int i)
            where TSink : struct, IWordSink
        {
            if (!_inWord)
            {
                return; // a mark with nothing to sit on carries no text
            }

            if (UnicodeNormalization.TryCompose(_pending, m, out var composite))
            {
                _pending = composite;
            }
            else
            {
                sink.Char(_pending);
                _pending = m;
            }

            _end = i + 1;
        }

        public void Extend(int end) => _end = end;

        public void Separator<TSink>(ref TSink sink)
            where TSink : struct, IWordSink
        {
            if (!_inWord)
            {
                return;
            }

            sink.Char(_pending);
            sink.EndWord(_start, _end);
            _inWord = false;
        }
    }

    private struct HashingSink(NormalizedWord[] words) : IWordSink
    {
        private ulong _hash = FnvOffset;

        public NormalizedWord[] Words = words;
        public int Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Char(char c) => _hash = (_hash ^ c) * FnvPrime;

        public void EndWord(int start, int end)
        {
            if (Count == Words.Length)
            {
                var grown = ArrayPool<NormalizedWord>.Shared.Rent(Math.Max(64, Words.Length * 2));
                Words.AsSpan(0, Count).CopyTo(grown);
                if (Words.Length > 0)
                {
                    ArrayPool<NormalizedWord>.Shared.Return(Words);
                }

                Words = grown;
            }

            var h = Mix(_hash);
            Words[Count++] = new NormalizedWord(h == 0 ? 1 : h, start, end);
            _hash = FnvOffset;
        }
    }

    private struct StringSink(StringBuilder builder) : IWordSink
    {
        public readonly StringBuilder Builder = builder;
        private bool _wordStarted;

        public void Char(char c)
        {
            if (!_wordStarted && Builder.Length > 0)
            {
                Builder.Append(' ');
            }

            _wordStarted = true;
            Builder.Append(c);
        }

        public void EndWord(int start, int end) => _wordStarted = false;
    }
}
