namespace MidTrain.Judges.Agreement;

/// <summary>Reusable buffers for <see cref="PairMath"/>, sized to the categories and grown to the largest pair. Not thread-safe.</summary>
internal sealed class PairScratch
{
    private readonly bool[] _isTouched;
    private int _touchedCount;

    public PairScratch(int categoryCount)
    {
        Rows = new double[categoryCount];
        Columns = new double[categoryCount];
        RankX = new double[categoryCount];
        RankY = new double[categoryCount];
        Touched = new int[categoryCount];
        _isTouched = new bool[categoryCount];
    }

    /// <summary>Weighted count of each category from the first rater.</summary>
    public double[] Rows { get; }

    /// <summary>Weighted count of each category from the second rater.</summary>
    public double[] Columns { get; }

    public double[] RankX { get; }

    public double[] RankY { get; }

    public int[] Touched { get; }

    public long[] Keys { get; private set; } = [];

    public int[] Sequence { get; private set; } = [];

    public int[] Buffer { get; private set; } = [];

    /// <summary>The categories seen since the last <see cref="Clear"/>, ascending after <see cref="SortTouched"/>.</summary>
    public Span<int> TouchedSpan => Touched.AsSpan(0, _touchedCount);

    public void Touch(int category)
    {
        if (!_isTouched[category])
        {
            _isTouched[category] = true;
            Touched[_touchedCount++] = category;
        }
    }

    public void SortTouched() => TouchedSpan.Sort();

    /// <summary>Zeroes the counts of the touched categories only, so a pair costs its size, not the category count.</summary>
    public void Clear()
    {
        foreach (var c in TouchedSpan)
        {
            _isTouched[c] = false;
            Rows[c] = 0;
            Columns[c] = 0;
        }

        _touchedCount = 0;
    }

    public void EnsureLength(int n)
    {
        if (Keys.Length < n)
        {
            var size = Math.Max(n, Keys.Length * 2);
            Keys = new long[size];
            Sequence = new int[size];
            Buffer = new int[size];
        }
    }
}
