namespace MidTrain.Datasets.Statistics;

/// <summary>
/// A set of 64-bit values that are already well-mixed hashes: open addressing with linear probing over a power-of-two
/// table indexed by the value's top bits, kept at most half full, with backward-shift deletion (no tombstones). For the
/// card's counters, which look up every word of every question and every sample's passage: one probe where
/// <see cref="HashSet{T}"/> hashes again and chains through a second array. Not thread-safe.
/// </summary>
internal sealed class HashSet64
{
    private ulong[] _slots = new ulong[16];
    private int _shift = 64 - 4;
    private bool _hasZero;

    /// <summary>Values held.</summary>
    public int Count { get; private set; }

    public bool Contains(ulong value)
    {
        return value == 0 ? _hasZero : Find(value, out _);
    }

    /// <summary>Adds <paramref name="value"/>; false when it was already held.</summary>
    public bool Add(ulong value)
    {
        if (value == 0)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        if (Find(value, out var empty))
        {
            return false;
        }

        _slots[empty] = value;
        Count++;
        return true;
    }

    /// <summary>Removes <paramref name="value"/>; false when it was not held.</summary>
    public bool Remove(ulong value)
    {
        if (value == 0)
        {
            if (!_hasZero)
            {
                return false;
            }

            _hasZero = false;
            Count--;
            return true;
        }

        if (!Find(value, out var hole))
        {
            return false;
        }

        var mask = _slots.Length - 1;

        // Backward shift: move each later member of the probe run into the hole when its home slot does not lie
        // cyclically in (hole, position], so that every value stays reachable from its home without gaps.
        for (var position = (hole + 1) & mask; _slots[position] != 0; position = (position + 1) & mask)
        {
            var home = (int)(_slots[position] >> _shift);
            var reachable = hole <= position ? home > hole && home <= position : home > hole || home <= position;
            if (!reachable)
            {
                _slots[hole] = _slots[position];
                hole = position;
            }
        }

        _slots[hole] = 0;
        Count--;
        return true;
    }

    /// <summary>Whether a non-zero <paramref name="value"/> is held: <paramref name="index"/> is its slot, or else the empty slot that ends its probe run.</summary>
    private bool Find(ulong value, out int index)
    {
        var mask = _slots.Length - 1;
        for (index = (int)(value >> _shift); ; index = (index + 1) & mask)
        {
            var slot = _slots[index];
            if (slot == value || slot == 0)
            {
                return slot != 0;
            }
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _shift--;
        foreach (var value in old)
        {
            if (value != 0)
            {
                Find(value, out var empty);
                _slots[empty] = value;
            }
        }
    }
}
