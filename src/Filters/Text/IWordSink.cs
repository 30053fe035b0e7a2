namespace MidTrain.Filters.Text;

/// <summary>Receives the normalised characters and word boundaries produced by <see cref="WordTokenizer"/>.</summary>
internal interface IWordSink
{
    /// <summary>One normalised character of the current word.</summary>
    void Char(char c);

    /// <summary>The current word ended; it spans [<paramref name="start"/>, <paramref name="end"/>) of the raw text.</summary>
    void EndWord(int start, int end);
}
