namespace MidTrain.Verifiers.Citation.Text;

/// <summary>
/// A text after <see cref="TextNormalizer"/> together with the map from every normalised character back to the raw
/// characters it came from, so that matches found in <see cref="Text"/> are reported as raw-text offsets. Immutable.
/// </summary>
public sealed class NormalizedText
{
    private readonly int[] _rawStart;
    private readonly int[] _rawEnd;

    internal NormalizedText(string raw, string text, int[] rawStart, int[] rawEnd)
    {
        Raw = raw;
        Text = text;
        _rawStart = rawStart;
        _rawEnd = rawEnd;
    }

    /// <summary>The raw text as given.</summary>
    public string Raw { get; }

    /// <summary>The normalised text.</summary>
    public string Text { get; }

    /// <summary>Number of normalised characters.</summary>
    public int Length => Text.Length;

    /// <summary>The inclusive raw offset where normalised character <paramref name="index"/> starts.</summary>
    public int RawStart(int index) => _rawStart[index];

    /// <summary>The exclusive raw offset where normalised character <paramref name="index"/> ends.</summary>
    public int RawEnd(int index) => _rawEnd[index];

    /// <summary>
    /// Maps the normalised span [<paramref name="start"/>, <paramref name="end"/>) to the raw span that produced it.
    /// An empty span maps to an empty raw span at the corresponding position.
    /// </summary>
    public (int Start, int End) ToRawSpan(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Text.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        if (start == end)
        {
            var at = start < Text.Length ? _rawStart[start] : Raw.Length;
            return (at, at);
        }

        return (_rawStart[start], _rawEnd[end - 1]);
    }
}
