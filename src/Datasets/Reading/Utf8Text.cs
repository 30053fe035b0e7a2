using System.Runtime.InteropServices;
using System.Text.Json;

namespace MidTrain.Datasets.Reading;

/// <summary>
/// Allocation-free looks at JSON string values for the hot loops of the tallies: hashing a value's bytes, and finding
/// an already-known string equal to a value without materialising the value as a string.
/// </summary>
internal static class Utf8Text
{
    /// <summary>FNV-1a 64 of the value's raw JSON bytes (for a string, its escaped text between the quotes).</summary>
    public static ulong Hash(JsonElement value, ulong seed = 14695981039346656037UL)
    {
        var hash = seed;
        foreach (var b in JsonMarshal.GetRawUtf8Value(value))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The string value, reusing an equal one from <paramref name="known"/> (compared as UTF-8) when there is one.</summary>
    public static string Intern(JsonElement value, List<(string Text, byte[] Utf8)> known)
    {
        foreach (var (text, utf8) in known)
        {
            if (value.ValueEquals(utf8))
            {
                return text;
            }
        }

        var added = value.GetString() ?? string.Empty;
        if (known.Count < 256)
        {
            known.Add((added, System.Text.Encoding.UTF8.GetBytes(added)));
        }

        return added;
    }
}
