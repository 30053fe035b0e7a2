namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// Cuts a trace into sentences for the language and repetition checks: at sentence-ending punctuation (Latin and CJK)
/// followed by whitespace or the end, and at line breaks. Pieces are trimmed; empty ones are dropped. Stateless.
/// </summary>
internal static class Sentences
{
    public static List<string> Split(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = c == '\n'
                || c is '。' or '！' or '？'
                || (c is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end)
            {
                Add(sentences, text, start, i + 1);
                start = i + 1;
            }
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    /// <summary>The letters of <paramref name="text"/> (what language identification and repetition look at).</summary>
    public static int Letters(string text) => text.Count(char.IsLetter);

    private static void Add(List<string> sentences, string text, int start, int end)
    {
        var piece = text[start..end].Trim();
        if (piece.Length > 0)
        {
            sentences.Add(piece);
        }
    }
}
