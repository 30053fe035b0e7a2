using System.Globalization;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// Collects <c>(item, rater, label)</c> triples and builds a <see cref="LabelMatrix"/>. Labels are numbers or strings;
/// a second label for the same item and rater is refused (<see cref="Add(string, string, double)"/> returns false) so
/// that the first one wins whatever the caller does. Not thread-safe.
/// </summary>
public sealed class LabelMatrixBuilder
{
    private readonly Dictionary<string, int> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _raters = new(StringComparer.Ordinal);
    private readonly Dictionary<double, int> _numbers = [];
    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private readonly HashSet<long> _seen = [];
    private readonly List<int> _itemOf = [];
    private readonly List<int> _raterOf = [];
    private readonly List<int> _labelOf = []; // >= 0: index into _numbers order; < 0: ~index into _texts order
    private readonly List<double> _numberValues = [];
    private readonly List<string> _textValues = [];

    /// <summary>Labels accepted so far.</summary>
    public int Count => _itemOf.Count;

    /// <summary>Adds a numeric label. Returns false (and keeps the earlier label) when this rater already labelled this item.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public bool Add(string item, string rater, double label)
    {
        if (!double.IsFinite(label))
        {
            throw new ArgumentException("A numeric label must be finite.", nameof(label));
        }

        if (label == 0)
        {
            label = 0; // -0.0 and 0.0 are one category
        }

        if (!TryReserve(item, rater, out var itemIndex, out var raterIndex))
        {
            return false;
        }

        if (!_numbers.TryGetValue(label, out var code))
        {
            code = _numberValues.Count;
            _numbers.Add(label, code);
            _numberValues.Add(label);
        }

        Append(itemIndex, raterIndex, code);
        return true;
    }

    /// <summary>Adds a categorical (string) label. Returns false (and keeps the earlier label) when this rater already labelled this item.</summary>
    public bool Add(string item, string rater, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!TryReserve(item, rater, out var itemIndex, out var raterIndex))
        {
            return false;
        }

        if (!_texts.TryGetValue(label, out var code))
        {
            code = _textValues.Count;
            _texts.Add(label, code);
            _textValues.Add(label);
        }

        Append(itemIndex, raterIndex, ~code);
        return true;
    }

    /// <summary>
    /// Builds the matrix. Items and raters are ordered by ordinal comparison of their ids and categories by value
    /// (numbers) or ordinally (strings), so the result does not depend on the order labels were added in. When any
    /// label is a string, every label is treated as a category named by its text (numbers by their shortest
    /// round-trip form).
    /// </summary>
    public LabelMatrix Build()
    {
        var itemNames = Sorted(_items, out var itemRemap);
        var raterNames = Sorted(_raters, out var raterRemap);

        string[] categories;
        double[]? values;
        int[] numberRemap;
        int[] textRemap;
        if (_textValues.Count == 0)
        {
            var order = Enumerable.Range(0, _numberValues.Count).ToArray();
            Array.Sort(order, (a, b) => _numberValues[a].CompareTo(_numberValues[b]));
            values = new double[order.Length];
            categories = new string[order.Length];
            numberRemap = new int[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                values[i] = _numberValues[order[i]];
                categories[i] = FormatNumber(values[i]);
                numberRemap[order[i]] = i;
            }

            textRemap = [];
        }
        else
        {
            values = null;
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var text in _textValues)
            {
                names.TryAdd(text, 0);
            }

            foreach (var number in _numberValues)
            {
                names.TryAdd(FormatNumber(number), 0);
            }

            categories = [.. names.Keys.Order(StringComparer.Ordinal)];
            var index = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
            for (var i = 0; i < categories.Length; i++)
            {
                index[categories[i]] = i;
            }

            textRemap = [.. _textValues.Select(t => index[t])];
            numberRemap = [.. _numberValues.Select(n => index[FormatNumber(n)])];
        }

        var count = _itemOf.Count;
        var offsets = new int[itemNames.Length + 1];
        for (var i = 0; i < count; i++)
        {
            offsets[itemRemap[_itemOf[i]] + 1]++;
        }

        for (var i = 0; i < itemNames.Length; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var raters = new int[count];
        var codes = new int[count];
        var next = offsets[..^1];
        for (var i = 0; i < count; i++)
        {
            var slot = next[itemRemap[_itemOf[i]]]++;
            raters[slot] = raterRemap[_raterOf[i]];
            var label = _labelOf[i];
            codes[slot] = label >= 0 ? numberRemap[label] : textRemap[~label];
        }

        for (var i = 0; i < itemNames.Length; i++)
        {
            var from = offsets[i];
            var length = offsets[i + 1] - from;
            if (length > 1)
            {
                Array.Sort(raters, codes, from, length);
            }
        }

        return new LabelMatrix(itemNames, raterNames, categories, values, offsets, raters, codes);
    }

    /// <summary>The text of a numeric category: its shortest round-trip form in the invariant culture.</summary>
    internal static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private bool TryReserve(string item, string rater, out int itemIndex, out int raterIndex)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(rater);
        itemIndex = Intern(_items, item);
        raterIndex = Intern(_raters, rater);
        return _seen.Add(((long)itemIndex << 32) | (uint)raterIndex);
    }

    private void Append(int item, int rater, int label)
    {
        _itemOf.Add(item);
        _raterOf.Add(rater);
        _labelOf.Add(label);
    }

    private static int Intern(Dictionary<string, int> names, string name)
    {
        if (!names.TryGetValue(name, out var index))
        {
            index = names.Count;
            names.Add(name, index);
        }

        return index;
    }

    private static string[] Sorted(Dictionary<string, int> names, out int[] remap)
    {
        var sorted = new string[names.Count];
        var firstIndex = new int[names.Count];
        foreach (var (name, index) in names)
        {
            sorted[index] = name;
            firstIndex[index] = index;
        }

        Array.Sort(sorted, firstIndex, StringComparer.Ordinal);
        remap = new int[names.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            remap[firstIndex[i]] = i;
        }

        return sorted;
    }
}
