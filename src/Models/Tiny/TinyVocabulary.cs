using System.Globalization;

namespace MidTrain.Models.Tiny;

/// <summary>
/// A SentencePiece-style vocabulary for generated test models: specials, ChatML markers, 256 byte-fallback tokens,
/// printable ASCII, then word pieces (with the <c>▁</c> word-start marker) up to the requested size. Deterministic.
/// </summary>
internal sealed class TinyVocabulary
{
    public const int Unknown = 0;
    public const int Bos = 1;
    public const int Eos = 2;
    public const int ImStart = 3;
    public const int ImEnd = 4;
    public const int MinimumSize = 400;

    private const int TypeNormal = 1;
    private const int TypeUnknown = 2;
    private const int TypeControl = 3;
    private const int TypeByte = 6;

    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
        "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so",
        "no", "what", "answer", "question", "yes", "true", "false", "score", "number", "text", "json",
    ];

    private TinyVocabulary(List<string> tokens, List<float> scores, List<int> types)
    {
        Tokens = tokens;
        Scores = scores;
        Types = types;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<float> Scores { get; }

    public IReadOnlyList<int> Types { get; }

    public static TinyVocabulary Create(int size)
    {
        var tokens = new List<string>(size);
        var scores = new List<float>(size);
        var types = new List<int>(size);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string text, float score, int type)
        {
            if (tokens.Count < size && seen.Add(text))
            {
                tokens.Add(text);
                scores.Add(score);
                types.Add(type);
            }
        }

        Add("<unk>", 0, TypeUnknown);
        Add("<s>", 0, TypeControl);
        Add("</s>", 0, TypeControl);
        Add("<|im_start|>", 0, TypeControl);
        Add("<|im_end|>", 0, TypeControl);
        for (var b = 0; b < 256; b++)
        {
            Add("<0x" + b.ToString("X2", CultureInfo.InvariantCulture) + ">", 0, TypeByte);
        }

        Add("\u2581", -1, TypeNormal);
        for (var c = 0x21; c <= 0x7E; c++)
        {
            Add(((char)c).ToString(), -2, TypeNormal);
        }

        // Merged pieces: a higher score merges first. Pieces are built from smaller pieces already present so that
        // SentencePiece's pairwise merging can reach them.
        var rank = 0;
        foreach (var letter in "etaoinshrdlcumwfgypbvkjxqz")
        {
            Add("\u2581" + letter, -10 - rank++, TypeNormal);
        }

        foreach (var word in Words)
        {
            for (var end = 2; end <= word.Length; end++)
            {
                Add(word[..end], -10 - rank++, TypeNormal);
                Add("\u2581" + word[..end], -10 - rank++, TypeNormal);
            }
        }

        const string letters = "etaoinshrdlcumwfgypbvkjxqz";
        foreach (var a in letters)
        {
            foreach (var b in letters)
            {
                Add(string.Concat(a, b), -1000 - rank++, TypeNormal);
            }
        }

        for (var i = 0; tokens.Count < size; i++)
        {
            Add("<unused" + i.ToString(CultureInfo.InvariantCulture) + ">", -100000, TypeNormal);
        }

        return new TinyVocabulary(tokens, scores, types);
    }
}
