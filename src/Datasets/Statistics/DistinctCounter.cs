namespace MidTrain.Datasets.Statistics;

/// <summary>
/// Counts distinct items (given as 64-bit hashes) in bounded memory: exactly while there are at most
/// <see cref="Capacity"/> of them, then with the k-minimum-values estimate (keep the k smallest mixed hashes; distinct
/// ≈ (k − 1) / (k-th smallest ÷ 2⁶⁴), relative standard error ≈ 1/√(k − 2), under 0.4 % at the default k). The kept set
/// does not depend on the order items arrive in, so the figure is the same for any order of the same items.
/// Not thread-safe.
/// </summary>
internal sealed class DistinctCounter
{
    private readonly HashSet64 _kept = new();
    private readonly PriorityQueue<ulong, ulong> _largest = new(Comparer<ulong>.Create(static (a, b) => b.CompareTo(a)));

    public DistinctCounter(int capacity = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        Capacity = capacity;
    }

    /// <summary>How many distinct items are counted exactly.</summary>
    public int Capacity { get; }

    /// <summary>Items added, repeats included.</summary>
    public long Total { get; private set; }

    /// <summary>Whether <see cref="Distinct"/> is exact.</summary>
    public bool IsExact => _kept.Count < Capacity;

    /// <summary>The number of distinct items (exact, or the estimate once over <see cref="Capacity"/>).</summary>
    public double Distinct => IsExact ? _kept.Count : (Capacity - 1) / ((_largest.Peek() + 1.0) / 18446744073709551616.0);

    /// <summary>Adds one item.</summary>
    public void Add(ulong hash)
    {
        Total++;
        var mixed = Mix(hash);
        if (_kept.Count < Capacity)
        {
            if (_kept.Add(mixed))
            {
                _largest.Enqueue(mixed, mixed);
            }

            return;
        }

        if (_kept.Contains(mixed))
        {
            return;
        }

        if (mixed < _largest.Peek())
        {
            _kept.Remove(_largest.Dequeue());
            _kept.Add(mixed);
            _largest.Enqueue(mixed, mixed);
        }
    }

    /// <summary>splitmix64's finaliser: spreads FNV hashes of short words over the whole range, as the estimate needs.</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }
}
