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
    private const int KnownValues = 64;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<(byte[] Raw, string Value)> _known = [];

    // Counts of the known values added since they were last folded into _counts (by index in _known), so that counting
    // a known value costs no string hashing.
    private readonly long[] _knownCounts = new long[KnownValues];
    private bool _pending;

    public ValueCounts(int maxValues = 10_000) => MaxValues = maxValues;

    public int MaxValues { get; }

    /// <summary>Items counted under values past the bound.</summary>
    public long Other { get; private set; }

    /// <summary>Every item counted.</summary>
    public long Total { get; private set; }

    /// <summary>Distinct values tracked.</summary>
    public int Count => Folded.Count;

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
        for (var i = 0; i < _known.Count; i++)
        {
            if (raw.SequenceEqual(_known[i].Raw))
            {
                Total++;
                _knownCounts[i]++;
                _pending = true;
                return;
            }
        }

        var added = value.GetString() ?? string.Empty;
        Add(added);
        if (_known.Count < KnownValues && _counts.ContainsKey(added))
        {
            _known.Add((raw.ToArray(), added));
        }
    }

    public long this[string value] => Folded.GetValueOrDefault(value);

    /// <summary>Values by descending count, then ordinal value (a deterministic order).</summary>
    public IEnumerable<KeyValuePair<string, long>> ByCount() =>
        Folded.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal);

    public IEnumerable<string> Values => Folded.Keys;

    /// <summary>The counts, with those of the known values folded in.</summary>
    private Dictionary<string, long> Folded
    {
        get
        {
            if (_pending)
            {
                for (var i = 0; i < _known.Count; i++)
                {
                    CollectionsMarshal.GetValueRefOrNullRef(_counts, _known[i].Value) += _knownCounts[i];
                    _knownCounts[i] = 0;
                }

                _pending = false;
            }

            return _counts;
        }
    }
}
