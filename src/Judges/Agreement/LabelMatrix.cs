namespace MidTrain.Judges.Agreement;

/// <summary>
/// A compact item × rater matrix of categorical labels, stored item by item (compressed rows): for every item, the
/// raters who labelled it (ascending) and the category code each gave. Category codes index
/// <see cref="Categories"/>; for numeric labels codes are ordered by value, so comparing codes compares values.
/// Items, raters and categories are in a canonical order (ordinal ids, category values), independent of input order.
/// Immutable and thread-safe. Built with <see cref="LabelMatrixBuilder"/>.
/// </summary>
public sealed class LabelMatrix
{
    private readonly string[] _items;
    private readonly string[] _raters;
    private readonly string[] _categories;
    private readonly double[]? _values;
    private readonly int[] _offsets;
    private readonly int[] _raterIndex;
    private readonly int[] _codes;

    internal LabelMatrix(string[] items, string[] raters, string[] categories, double[]? values, int[] offsets, int[] raterIndex, int[] codes)
    {
        _items = items;
        _raters = raters;
        _categories = categories;
        _values = values;
        _offsets = offsets;
        _raterIndex = raterIndex;
        _codes = codes;
    }

    /// <summary>Item ids, in ordinal order. An item exists when at least one rater labelled it.</summary>
    public IReadOnlyList<string> Items => _items;

    /// <summary>Rater ids, in ordinal order.</summary>
    public IReadOnlyList<string> Raters => _raters;

    /// <summary>Category names (for numbers, their shortest round-trip text), in code order.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>True when every label is a number; then <see cref="CategoryValues"/> holds the values.</summary>
    public bool IsNumeric => _values is not null;

    /// <summary>The numeric value of each category, ascending; null when some label is a string.</summary>
    public IReadOnlyList<double>? CategoryValues => _values;

    /// <summary>Number of labels (filled cells).</summary>
    public int LabelCount => _codes.Length;

    /// <summary>Number of items.</summary>
    public int ItemCount => _items.Length;

    /// <summary>Number of raters.</summary>
    public int RaterCount => _raters.Length;

    /// <summary>Number of distinct categories.</summary>
    public int CategoryCount => _categories.Length;

    /// <summary>The raters who labelled item <paramref name="item"/>, ascending.</summary>
    public ReadOnlySpan<int> RatersOf(int item) => _raterIndex.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>The category codes given to item <paramref name="item"/>, aligned with <see cref="RatersOf"/>.</summary>
    public ReadOnlySpan<int> CodesOf(int item) => _codes.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>The code rater <paramref name="rater"/> gave item <paramref name="item"/>, or -1 when missing.</summary>
    public int CodeOf(int item, int rater)
    {
        var position = RatersOf(item).BinarySearch(rater);
        return position >= 0 ? _codes[_offsets[item] + position] : -1;
    }

    internal double[]? Values => _values;
}
