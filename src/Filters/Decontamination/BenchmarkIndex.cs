using System.Buffers;
using System.Runtime.InteropServices;
using MidTrain.Filters.Text;

namespace MidTrain.Filters.Decontamination;

/// <summary>
/// The benchmark items a corpus is checked against, as hashed word n-grams: every distinct n-gram of every item (64-bit
/// hashes only, no strings) maps to the items that contain it; texts shorter than n words are kept as the hash of
/// their whole normalised text. Built once from the benchmark files (<see cref="Build"/>), then read-only: one index
/// is shared by every worker of a stage. Memory: an open-addressing table (load ≤ 0.6) of 8-byte keys and 4-byte
/// values, about 20 bytes per distinct n-gram, plus 4 bytes per extra item for n-grams shared by several items
/// (<see cref="Bytes"/>, <see cref="BytesPerNGram"/>). Thread-safe for lookups.
/// </summary>
/// <remarks>
/// Two different n-grams collide with probability about 2⁻⁶⁴ per pair: on 10 million benchmark n-grams, a false
/// match needs around 10¹² checked n-grams. Normalisation is <see cref="WordTokenizer"/>'s (NFKC, case folding,
/// punctuation as separators).
/// </remarks>
public sealed class BenchmarkIndex
{
    internal const ulong NGramSeed = 0x6A09E667F3BCC908UL;
    internal const ulong WholeTextSeed = 0xBB67AE8584CAA73BUL;
    private const double MaxLoad = 0.6;

    private readonly HashTable _ngrams;
    private readonly HashTable _wholeTexts;
    private readonly int[] _itemFile;
    private readonly long[] _itemLine;
    private readonly string?[] _itemId;
    private readonly int[] _itemNGrams;

    private BenchmarkIndex(int n, IReadOnlyList<string> files, HashTable ngrams, HashTable wholeTexts, List<(int File, long Line, string? Id, int NGrams)> items, long emptyItems)
    {
        N = n;
        Files = files;
        _ngrams = ngrams;
        _wholeTexts = wholeTexts;
        _itemFile = items.Select(i => i.File).ToArray();
        _itemLine = items.Select(i => i.Line).ToArray();
        _itemId = items.Select(i => i.Id).ToArray();
        _itemNGrams = items.Select(i => i.NGrams).ToArray();
        EmptyItems = emptyItems;
    }

    /// <summary>The n-gram length in words.</summary>
    public int N { get; }

    /// <summary>The benchmark files, as given to <see cref="Build"/>.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Benchmark items indexed (records with at least one word of text).</summary>
    public int ItemCount => _itemFile.Length;

    /// <summary>Benchmark records skipped because the selected fields held no words.</summary>
    public long EmptyItems { get; }

    /// <summary>Distinct n-grams indexed.</summary>
    public long NGramCount => _ngrams.Count;

    /// <summary>Distinct whole texts shorter than n words indexed.</summary>
    public long WholeTextCount => _wholeTexts.Count;

    /// <summary>Bytes held by the index's tables (items' ids and positions excluded).</summary>
    public long Bytes => _ngrams.Bytes + _wholeTexts.Bytes;

    /// <summary><see cref="Bytes"/> per distinct n-gram (0 when there are none).</summary>
    public double BytesPerNGram => NGramCount == 0 ? 0 : (double)_ngrams.Bytes / NGramCount;

    /// <summary>
    /// Reads every file and indexes its items. A record's selected fields are tokenised separately (no n-gram spans
    /// two fields); each field of n words or more adds its n-grams, each shorter one its whole text.
    /// </summary>
    /// <param name="files">Benchmark files (see <see cref="DecontaminationOptions.Against"/>).</param>
    /// <param name="n">The n-gram length.</param>
    /// <param name="fields">Text fields (null or empty: every string field but the id).</param>
    /// <param name="idField">The id field (null: the first of <c>id</c>, <c>task_id</c>, … present).</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <exception cref="MidTrain.Core.Configuration.OptionsValidationException">A file is missing or malformed.</exception>
    public static BenchmarkIndex Build(IReadOnlyList<string> files, int n = 13, IReadOnlyCollection<string>? fields = null, string? idField = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var ngramKeys = new List<ulong>();
        var ngramItems = new List<int>();
        var wholeKeys = new List<ulong>();
        var wholeItems = new List<int>();
        var items = new List<(int File, long Line, string? Id, int NGrams)>();
        var itemNGrams = new HashSet<ulong>();
        var itemWholes = new HashSet<ulong>();
        var words = ArrayPool<NormalizedWord>.Shared.Rent(1024);
        long empty = 0;
        try
        {
            for (var f = 0; f < files.Count; f++)
            {
                foreach (var record in new BenchmarkReader(files[f], fields, idField).Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    itemNGrams.Clear();
                    itemWholes.Clear();
                    foreach (var text in record.Texts)
                    {
                        var count = WordTokenizer.Hash(text, ref words);
                        if (count == 0)
                        {
                            continue;
                        }

                        if (count < n)
                        {
                            itemWholes.Add(WordTokenizer.Combine(words.AsSpan(0, count), WholeTextSeed));
                            continue;
                        }

                        for (var i = 0; i + n <= count; i++)
                        {
                            itemNGrams.Add(WordTokenizer.Combine(words.AsSpan(i, n), NGramSeed));
                        }
                    }

                    if (itemNGrams.Count == 0 && itemWholes.Count == 0)
                    {
                        empty++;
                        continue;
                    }

                    var item = items.Count;
                    items.Add((f, record.Line, record.Id, itemNGrams.Count));
                    foreach (var hash in itemNGrams)
                    {
                        ngramKeys.Add(hash);
                        ngramItems.Add(item);
                    }

                    foreach (var hash in itemWholes)
                    {
                        wholeKeys.Add(hash);
                        wholeItems.Add(item);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<NormalizedWord>.Shared.Return(words);
        }

        var ngrams = HashTable.Build(ngramKeys, ngramItems);
        var wholes = HashTable.Build(wholeKeys, wholeItems);
        return new BenchmarkIndex(n, files.ToArray(), ngrams, wholes, items, empty);
    }

    /// <summary>The items containing the n-gram <paramref name="hash"/>; <paramref name="one"/> is scratch space for a single item.</summary>
    internal ReadOnlySpan<int> ItemsWithNGram(ulong hash, Span<int> one) => _ngrams.Find(hash, one);

    /// <summary>The items with a field whose whole normalised text hashes to <paramref name="hash"/>.</summary>
    internal ReadOnlySpan<int> ItemsWithWholeText(ulong hash, Span<int> one) => _wholeTexts.Find(hash, one);

    /// <summary>The file index, line, id and distinct n-gram count of item <paramref name="item"/>.</summary>
    internal (string File, long Line, string? Id, int NGrams) Item(int item) =>
        (Files[_itemFile[item]], _itemLine[item], _itemId[item], _itemNGrams[item]);

    /// <summary>
    /// Linear-probing table from a non-zero 64-bit key to either one item (value ≥ 0) or a posting list of several
    /// (value = ~offset into <see cref="_postings"/>, where the count precedes the items).
    /// </summary>
    private sealed class HashTable
    {
        private readonly ulong[] _keys;
        private readonly int[] _values;
        private readonly int[] _postings;

        private HashTable(ulong[] keys, int[] values, int[] postings, long count)
        {
            _keys = keys;
            _values = values;
            _postings = postings;
            Count = count;
        }

        public long Count { get; }

        public long Bytes => ((long)_keys.Length * sizeof(ulong)) + ((long)_values.Length * sizeof(int)) + ((long)_postings.Length * sizeof(int));

        public static HashTable Build(List<ulong> keyList, List<int> itemList)
        {
            var keys = CollectionsMarshal.AsSpan(keyList);
            var items = CollectionsMarshal.AsSpan(itemList);
            keys.Sort(items);
            long distinct = 0;
            for (var i = 0; i < keys.Length; i++)
            {
                if (i == 0 || keys[i] != keys[i - 1])
                {
                    distinct++;
                }
            }

            var capacity = (int)Math.Min(Array.MaxLength, Math.Max(16, (long)Math.Ceiling(distinct / MaxLoad)));
            if (distinct >= capacity)
            {
                throw new InvalidOperationException($"{distinct:N0} distinct n-grams are more than one index can hold");
            }

            var table = new ulong[capacity];
            var values = new int[capacity];
            var postings = new List<int>();
            for (var start = 0; start < keys.Length;)
            {
                var end = start + 1;
                while (end < keys.Length && keys[end] == keys[start])
                {
                    end++;
                }

                int value;
                if (end - start == 1)
                {
                    value = items[start];
                }
                else
                {
                    value = ~postings.Count;
                    postings.Add(end - start);
                    for (var k = start; k < end; k++)
                    {
                        postings.Add(items[k]);
                    }
                }

                var slot = Slot(keys[start], capacity);
                while (table[slot] != 0)
                {
                    slot = slot + 1 == capacity ? 0 : slot + 1;
                }

                table[slot] = keys[start];
                values[slot] = value;
                start = end;
            }

            return new HashTable(table, values, postings.ToArray(), distinct);
        }

        public ReadOnlySpan<int> Find(ulong key, Span<int> one)
        {
            var keys = _keys;
            var slot = Slot(key, keys.Length);
            while (true)
            {
                var at = keys[slot];
                if (at == key)
                {
                    var value = _values[slot];
                    if (value >= 0)
                    {
                        one[0] = value;
                        return one[..1];
                    }

                    var offset = ~value;
                    return _postings.AsSpan(offset + 1, _postings[offset]);
                }

                if (at == 0)
                {
                    return [];
                }

                slot = slot + 1 == keys.Length ? 0 : slot + 1;
            }
        }

        // Multiply-shift range reduction: any capacity, no modulo; the hashes are already mixed.
        private static int Slot(ulong key, int capacity) => (int)(((key >> 32) * (ulong)capacity) >> 32);
    }
}
