using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// distinct-1 and distinct-2 of a stream of texts (distinct word n-grams ÷ all word n-grams), in bounded memory (see
/// <see cref="DistinctCounter"/>). Words are maximal runs of ASCII letters and digits and non-ASCII characters,
/// compared with ASCII letters case-folded; the text is read as UTF-8 bytes, straight from the JSON line when it has
/// no escapes. Not thread-safe.
/// </summary>
internal sealed class QuestionNGrams
{
    private readonly DistinctCounter _unigrams = new();
    private readonly DistinctCounter _bigrams = new();

    public long Texts { get; private set; }

    public double? Distinct1 => _unigrams.Total == 0 ? null : _unigrams.Distinct / _unigrams.Total;

    public double? Distinct2 => _bigrams.Total == 0 ? null : _bigrams.Distinct / _bigrams.Total;

    /// <summary>Whether both figures are exact (under the counters' capacity).</summary>
    public bool IsExact => _unigrams.IsExact && _bigrams.IsExact;

    public void Add(string text) => Add(Encoding.UTF8.GetBytes(text));

    /// <summary>Adds a JSON string value.</summary>
    public void Add(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw.IndexOf((byte)'\\') < 0)
        {
            Add(raw[1..^1]);
        }
        else
        {
            Add(text.GetString() ?? string.Empty);
        }
    }

    public void Add(ReadOnlySpan<byte> utf8)
    {
        Texts++;
        ulong previous = 0;
        var hasPrevious = false;
        var i = 0;
        while (i < utf8.Length)
        {
            while (i < utf8.Length && !IsWordByte(utf8[i]))
            {
                i++;
            }

            if (i == utf8.Length)
            {
                break;
            }

            var hash = 14695981039346656037UL;
            while (i < utf8.Length && IsWordByte(utf8[i]))
            {
                var b = utf8[i++];
                hash = (hash ^ (b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b)) * 1099511628211UL;
            }

            _unigrams.Add(hash);
            if (hasPrevious)
            {
                _bigrams.Add((previous * 0x100000001b3UL) ^ (hash + 0x9e3779b97f4a7c15UL));
            }

            previous = hash;
            hasPrevious = true;
        }
    }

    private static bool IsWordByte(byte b) => b >= 0x80 || (b | 0x20) is >= (byte)'a' and <= (byte)'z' || b is >= (byte)'0' and <= (byte)'9';
}
