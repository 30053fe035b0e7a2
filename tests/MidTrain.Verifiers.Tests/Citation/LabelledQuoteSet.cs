using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MidTrain.Verifiers.Tests.Citation;

/// <summary>
/// Builds the labelled quote set from the project's own multilingual corpus (Data/corpus.jsonl, written for this
/// project): true quotes with realistic noise and false quotes of four kinds. Deterministic for a seed.
/// </summary>
internal sealed partial class LabelledQuoteSet
{
    // OCR confusions of visually similar glyphs (letter → what a recogniser reads instead).
    private static readonly Dictionary<char, string[]> Confusions = new()
    {
        ['e'] = ["c", "o"], ['c'] = ["e"], ['o'] = ["0", "a"], ['a'] = ["o", "e"], ['l'] = ["1", "I", "i"], ['i'] = ["l", "1"],
        ['n'] = ["u", "ri"], ['u'] = ["n", "ii"], ['m'] = ["rn", "nn"], ['h'] = ["b", "li"], ['b'] = ["h", "6"], ['t'] = ["f", "l"],
        ['f'] = ["t"], ['s'] = ["5"], ['S'] = ["5"], ['O'] = ["0"], ['B'] = ["8"], ['g'] = ["q", "9"], ['q'] = ["g"], ['v'] = ["y"],
        ['y'] = ["v"], ['d'] = ["cl"], ['r'] = ["n"], ['I'] = ["l", "1"], ['E'] = ["F"], ['P'] = ["F"],
    };

    public sealed record Document(string Id, string Language, string Text, IReadOnlyList<string> Paraphrases)
    {
        public IReadOnlyList<string> Sentences { get; } = SentencePattern().Split(Text).Where(s => s.Length > 0).ToList();
    }

    public sealed record Item(string Quote, string DocumentId, bool IsTrue, string Kind, string Original);

    public LabelledQuoteSet(string corpusPath, int seed)
    {
        Documents = [.. File.ReadLines(corpusPath).Where(l => l.Length > 0).Select(l =>
        {
            using var json = JsonDocument.Parse(l);
            var root = json.RootElement;
            return new Document(root.GetProperty("id").GetString()!, root.GetProperty("lang").GetString()!, root.GetProperty("text").GetString()!,
                [.. root.GetProperty("paraphrases").EnumerateArray().Select(p => p.GetString()!)]);
        })];
        var random = new Random(seed);
        var names = Documents.SelectMany(d => d.Sentences.SelectMany(s => Words(s).Skip(1))).Where(IsName).Distinct().ToList();
        foreach (var doc in Documents)
        {
            var others = Documents.Where(d => d != doc).ToList();
            var content = Words(doc.Text).Where(w => w.Length >= 5 && char.IsLower(w[0])).Distinct().ToList();
            foreach (var sentence in doc.Sentences)
            {
                for (var v = 0; v < 5; v++)
                {
                    var span = v == 0 ? sentence : SubSpan(random, sentence);
                    Items.Add(new Item(Noisy(random, span, allowElision: true), doc.Id, true, "true", span));
                }

                var other = others[random.Next(others.Count)];
                var foreign = other.Sentences[random.Next(other.Sentences.Count)];
                Items.Add(new Item(Noisy(random, foreign, allowElision: false), doc.Id, false, "other-document", foreign));

                var shuffled = Shuffle(random, sentence);
                Items.Add(new Item(Noisy(random, shuffled, allowElision: false), doc.Id, false, "word-shuffle", shuffled));

                for (var v = 0; v < 2; v++)
                {
                    var changed = ChangeKeyWord(random, sentence, names, content, preferNumber: v == 0);
                    Items.Add(new Item(Noisy(random, changed.Text, allowElision: false), doc.Id, false, changed.Kind, changed.Text));
                }
            }

            foreach (var paraphrase in doc.Paraphrases)
            {
                for (var v = 0; v < 2; v++)
                {
                    Items.Add(new Item(Noisy(random, paraphrase, allowElision: false), doc.Id, false, "paraphrase", paraphrase));
                }
            }
        }
    }

    public List<Document> Documents { get; }

    public List<Item> Items { get; } = [];

    private static bool IsName(string word) => word.Length >= 3 && char.IsUpper(word[0]) && word.Skip(1).All(char.IsLower);

    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    /// <summary>A contiguous run of at least 8 words (or the whole sentence when shorter).</summary>
    private static string SubSpan(Random random, string sentence)
    {
        var words = sentence.Split(' ');
        if (words.Length <= 10)
        {
            return sentence;
        }

        var length = random.Next(8, words.Length + 1);
        var start = random.Next(0, words.Length - length + 1);
        return string.Join(' ', words, start, length);
    }

    private static string Shuffle(Random random, string sentence)
    {
        var words = sentence.Split(' ');
        var shuffled = (string[])words.Clone();
        do
        {
            random.Shuffle(shuffled);
        }
        while (words.Length > 2 && shuffled.SequenceEqual(words));

        return string.Join(' ', shuffled);
    }

    /// <summary>Changes one number (one digit), else one name, else one content word.</summary>
    private static (string Text, string Kind) ChangeKeyWord(Random random, string sentence, List<string> names, List<string> content, bool preferNumber)
    {
        var numbers = NumberPattern().Matches(sentence).ToList();
        if (preferNumber && numbers.Count > 0)
        {
            var number = numbers[random.Next(numbers.Count)];
            var digits = number.Value.Select((c, i) => (c, i)).Where(p => char.IsAsciiDigit(p.c)).ToList();
            var (digit, at) = digits[random.Next(digits.Count)];
            var replacement = (char)('0' + ((digit - '0' + random.Next(1, 10)) % 10));
            return (sentence[..(number.Index + at)] + replacement + sentence[(number.Index + at + 1)..], "number-changed");
        }

        var words = WordPattern().Matches(sentence).ToList();
        var nameSlots = words.Skip(1).Where(w => IsName(w.Value)).ToList();
        var slots = words.Where(w => w.Value.Length >= 5 && char.IsLower(w.Value[0])).ToList();
        if (slots.Count == 0)
        {
            slots = [.. words.Where(w => w.Value.Length >= 4 && !char.IsDigit(w.Value[0]))];
        }

        if (nameSlots.Count > 0 && (random.Next(2) == 0 || slots.Count == 0))
        {
            var slot = nameSlots[random.Next(nameSlots.Count)];
            var name = names.Where(n => n != slot.Value).ElementAt(random.Next(names.Count - 1));
            return (sentence[..slot.Index] + name + sentence[(slot.Index + slot.Length)..], "name-changed");
        }

        if (slots.Count == 0)
        {
            throw new InvalidOperationException($"no word to change in: {sentence}");
        }

        var target = slots[random.Next(slots.Count)];
        var candidates = content.Where(c => c != target.Value).ToList();
        var word = candidates[random.Next(candidates.Count)];
        return (sentence[..target.Index] + word + sentence[(target.Index + target.Length)..], "word-changed");
    }

    /// <summary>
    /// 2–5 % OCR errors on letters (glyph confusions, other letters, drops, insertions), a word re-hyphenated across a
    /// line break, whitespace changes, case changes, curly quotes and apostrophes, and (for true quotes) an elided middle.
    /// </summary>
    private static string Noisy(Random random, string text, bool allowElision)
    {
        if (allowElision && random.NextDouble() < 0.3)
        {
            var words = text.Split(' ');
            if (words.Length >= 12)
            {
                var start = random.Next(3, words.Length - 7);
                var length = random.Next(2, 6);
                var marker = new[] { " … ", " (…) ", "... ", " [...] " }[random.Next(4)];
                text = string.Join(' ', words[..start]) + marker + string.Join(' ', words[(start + length)..]);
            }
        }

        var rate = 0.02 + (random.NextDouble() * 0.03);
        var letters = text.Where(char.IsLetter).ToArray();
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!char.IsLetter(c) || random.NextDouble() >= rate)
            {
                builder.Append(c);
                continue;
            }

            var kind = random.Next(100);
            if (kind < 55 && Confusions.TryGetValue(c, out var readings))
            {
                builder.Append(readings[random.Next(readings.Length)]);
            }
            else if (kind < 80)
            {
                builder.Append(letters[random.Next(letters.Length)]);
            }
            else if (kind < 90)
            {
                // dropped
            }
            else
            {
                builder.Append(c).Append(letters[random.Next(letters.Length)]);
            }
        }

        text = builder.ToString();
        if (random.NextDouble() < 0.5)
        {
            var long_ = WordPattern().Matches(text).Where(m => m.Length >= 7).ToList();
            if (long_.Count > 0)
            {
                var word = long_[random.Next(long_.Count)];
                var cut = word.Index + random.Next(3, word.Length - 2);
                text = text[..cut] + "-\n" + text[cut..];
            }
        }

        text = SpacePattern().Replace(text, m => random.Next(10) switch { 0 => "  ", 1 => "\n", 2 => " \t", _ => m.Value });
        text = random.Next(4) switch
        {
            0 => text.ToUpperInvariant(),
            1 => text.ToLowerInvariant(),
            _ => text,
        };
        text = text.Replace('\'', '\u2019');
        return random.Next(3) switch
        {
            0 => "\u201C" + text + "\u201D",
            1 => "\"" + text + "\"",
            _ => text,
        };
    }

    [GeneratedRegex(@"(?<=[^\d]\.)\s+(?=\p{Lu})")]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\d[\d.,]*\d|\d")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(" ")]
    private static partial Regex SpacePattern();
}
