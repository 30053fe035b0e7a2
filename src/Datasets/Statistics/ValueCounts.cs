using System.Runtime.InteropServices;
using System.Text.Json;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// Counts of string values with a bound on how many distinct values are tracked: past <see cref="MaxValues"/> new
/// values are counted together as "other", so an attribute that is unique per sample cannot grow memory without
/// limit. Not thread-safe.
/// </summary>
internal sealed class ValueCounts
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<(byte[] Raw, string Value)> _known = [];

    public ValueCounts(int maxValues = 10_000) => MaxValues = maxValues;

    public int MaxValues { get; }

    /// <summary>Items counted under values past the bound.</summary>
    public long Other { get; private set; }

    /// <summary>Every item counted.</summary>
    public long Total { get; private set; }

    /// <summary>Distinct values tracked.</summary>
    public int Count => _counts.Count;

    public void Add(string value, long count = 1)
    {
        Total += count;
        if (_counts.TryGetValue(value, out var n))
        {
            _counts[value] = n + count;
        }
        else if (_counts.Count < MaxValues)
        {
            _counts[value] = count;
        }
        else
        {
            Other += count;
        }
    }

    /// <summary>Counts a JSON string value; a value already counted is found by its bytes, without allocating a string.</summary>
    public void Add(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        foreach (var (bytes, text) in _known)
        {
            if (raw.SequenceEqual(bytes))
            {
                Total++;
                CollectionsMarshal.GetValueRefOrNullRef(_counts, text)++;
                return;
            }
        }

        var added = value.GetString() ?? string.Empty;
        Add(added);
        if (_known.Count < 64 && _counts.ContainsKey(added))
        {
            _known.Add((raw.ToArray(), added));
        }
    }

    public long this[string value] => _counts.GetValueOrDefault(value);

    /// <summary>Values by descending count, then ordinal value (a deterministic order).</summary>
    public IEnumerable<KeyValuePair<string, long>> ByCount() =>
        _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal);

    public IEnumerable<string> Values => _counts.Keys;
}
