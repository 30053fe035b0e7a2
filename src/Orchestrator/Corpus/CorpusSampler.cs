using MidTrain.Core.Hashing;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// A reproducible uniform sample of n records of a corpus, chosen without loading it: every record gets a sampling key,
/// a 64-bit hash of (seed, record key), and the sample is the n records with the smallest keys (bottom-n sampling, ties
/// broken by the record key). One streaming pass over the corpus keeps the n smallest keys in a heap (memory O(n),
/// whatever the corpus size); <see cref="Contains"/> then admits a record in a second pass. Because membership depends
/// only on (seed, record key, corpus), the sample is the same whatever the reading order, and: a resumed run selects
/// the same records (so the journal's done records are a subset of it); each shard of a sharded run computes the same
/// global sample and takes its own part, so the shards together hold exactly the sample; and a smaller n gives a
/// subset of a larger one (<c>--limit N</c> with a sample takes the N records with the smallest keys: a uniform sample
/// nested in the full one). Bad input records take part like any other (their key is <c>@file:line</c>), so the
/// sample's bad-input rate estimates the corpus's. Not thread-safe while selecting; <see cref="Contains"/> is.
/// </summary>
public sealed class CorpusSampler
{
    private readonly ulong _thresholdKey;
    private readonly string? _thresholdRecord;

    private CorpusSampler(long seed, long scanned, long selected, ulong thresholdKey, string? thresholdRecord)
    {
        Seed = seed;
        Scanned = scanned;
        Selected = selected;
        _thresholdKey = thresholdKey;
        _thresholdRecord = thresholdRecord;
    }

    /// <summary>The sampling seed.</summary>
    public long Seed { get; }

    /// <summary>Records read by the selecting pass.</summary>
    public long Scanned { get; }

    /// <summary>Records in the sample.</summary>
    public long Selected { get; }

    /// <summary>The sampling key of <paramref name="recordKey"/> under <paramref name="seed"/>.</summary>
    public static ulong KeyOf(long seed, string recordKey)
    {
        var x = unchecked(ContentHash.Fnv1a64(recordKey) ^ ((ulong)seed * 0x9E3779B97F4A7C15UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }

    /// <summary>Selects <paramref name="n"/> records of <paramref name="records"/> (one full pass).</summary>
    /// <param name="records">The corpus (e.g. <see cref="CorpusReader.ReadAsync"/>), enumerated once.</param>
    /// <param name="n">The sample size.</param>
    /// <param name="seed">The sampling seed.</param>
    /// <param name="cancellationToken">Stops the pass (passed to the enumeration).</param>
    public static async Task<CorpusSampler> SelectAsync(IAsyncEnumerable<SourceRecord> records, long n, long seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        // A max-heap of the n smallest (key, record): the root is the largest kept, the one a smaller key displaces.
        var heap = new PriorityQueue<string, (ulong Key, string Record)>(Comparer<(ulong Key, string Record)>.Create((a, b) => Compare(b, a)));
        long scanned = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if ((++scanned & 0xFFF) == 0)
            {
                // Also for a source that ignores the token it is given.
                cancellationToken.ThrowIfCancellationRequested();
            }

            var name = record.Root.Key;
            var key = (KeyOf(seed, name), name);
            if (heap.Count < n)
            {
                heap.Enqueue(name, key);
            }
            else if (heap.TryPeek(out _, out var largest) && Compare(key, largest) < 0)
            {
                heap.DequeueEnqueue(name, key);
            }
        }

        if (heap.Count < n || !heap.TryPeek(out _, out var threshold))
        {
            return new CorpusSampler(seed, scanned, heap.Count, ulong.MaxValue, null);
        }

        return new CorpusSampler(seed, scanned, heap.Count, threshold.Key, threshold.Record);
    }

    /// <summary>Whether record <paramref name="recordKey"/> is in the sample.</summary>
    public bool Contains(string recordKey) =>
        _thresholdRecord is null || Compare((KeyOf(Seed, recordKey), recordKey), (_thresholdKey, _thresholdRecord)) <= 0;

    private static int Compare((ulong Key, string Record) a, (ulong Key, string Record) b)
    {
        var byKey = a.Key.CompareTo(b.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(a.Record, b.Record);
    }
}
