using System.Text;
using MidTrain.Core.Hashing;

namespace MidTrain.Generators.Dedup;

/// <summary>
/// Streaming near-duplicate filter for generated questions: an exact check on a normalised hash, then MinHash over word
/// shingles with LSH banding to find candidates, confirmed by the estimated Jaccard similarity. Memory is proportional
/// to the texts kept (one signature each), not to the texts seen; time per text is constant on average. The first text
/// of a group is kept. Thread-safe (one lock; each call is a few microseconds).
/// </summary>
public sealed class NearDuplicateFilter
{
    private readonly NearDuplicateOptions _options;
    private readonly int _rows;
    private readonly MinHasher _hasher;
    private readonly HashSet<ulong> _exact = [];
    private readonly Dictionary<ulong, List<int>>[] _bands;
    private readonly List<uint[]> _signatures = [];
    private readonly List<string> _keptIds = [];
    private readonly object _gate = new();
    private long _seen;
    private long _exactDrops;
    private long _nearDrops;

    /// <summary>Creates a filter; the options are validated here.</summary>
    public NearDuplicateFilter(NearDuplicateOptions? options = null)
    {
        _options = options ?? new NearDuplicateOptions();
        _options.Validate();
        _rows = _options.Permutations / _options.Bands;
        _hasher = new MinHasher(_options.Permutations, _options.ShingleWords, _options.Seed);
        _bands = Enumerable.Range(0, _options.Bands).Select(_ => new Dictionary<ulong, List<int>>()).ToArray();
    }

    /// <summary>Texts offered so far.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    /// <summary>Texts kept.</summary>
    public long Kept { get { lock (_gate) { return _keptIds.Count; } } }

    /// <summary>Exact duplicates dropped.</summary>
    public long ExactDuplicates => Interlocked.Read(ref _exactDrops);

    /// <summary>Near duplicates dropped.</summary>
    public long NearDuplicates => Interlocked.Read(ref _nearDrops);

    /// <summary>Offers a text; returns <see cref="DuplicateKind.None"/> when it is kept.</summary>
    /// <param name="text">The text (e.g. a generated question).</param>
    /// <param name="id">An id remembered for the kept text, reported when a later text duplicates it.</param>
    /// <param name="duplicateOf">The id of the kept text this one duplicates, or null.</param>
    public DuplicateKind Offer(string text, string id, out string? duplicateOf)
    {
        var words = Normalise(text);
        var exactKey = ContentHash.Fnv1a64(string.Join(' ', words));
        var signature = _hasher.Signature(words);
        Interlocked.Increment(ref _seen);
        lock (_gate)
        {
            duplicateOf = null;
            if (!_exact.Add(exactKey))
            {
                Interlocked.Increment(ref _exactDrops);
                duplicateOf = FindExactOwner(signature);
                return DuplicateKind.Exact;
            }

            var candidates = new HashSet<int>();
            var bandKeys = new ulong[_options.Bands];
            for (var band = 0; band < _options.Bands; band++)
            {
                bandKeys[band] = BandKey(signature, band);
                if (_bands[band].TryGetValue(bandKeys[band], out var members))
                {
                    candidates.UnionWith(members);
                }
            }

            foreach (var candidate in candidates.Order())
            {
                if (Estimate(signature, _signatures[candidate]) >= _options.Jaccard)
                {
                    _exact.Remove(exactKey);
                    Interlocked.Increment(ref _nearDrops);
                    duplicateOf = _keptIds[candidate];
                    return DuplicateKind.Near;
                }
            }

            var index = _signatures.Count;
            _signatures.Add(signature);
            _keptIds.Add(id);
            for (var band = 0; band < _options.Bands; band++)
            {
                if (!_bands[band].TryGetValue(bandKeys[band], out var members))
                {
                    _bands[band][bandKeys[band]] = members = [];
                }

                members.Add(index);
            }

            return DuplicateKind.None;
        }
    }

    private string? FindExactOwner(uint[] signature)
    {
        var members = _bands[0].GetValueOrDefault(BandKey(signature, 0));
        return members?.Where(m => Estimate(signature, _signatures[m]) >= 1.0).Select(m => _keptIds[m]).FirstOrDefault();
    }

    /// <summary>Lower-cased words with punctuation removed (letters and digits of any script kept).</summary>
    public static string[] Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private ulong BandKey(uint[] signature, int band)
    {
        var hash = 14695981039346656037UL ^ (ulong)band;
        for (var r = 0; r < _rows; r++)
        {
            hash = (hash ^ signature[band * _rows + r]) * 1099511628211UL;
        }

        return hash;
    }

    private static double Estimate(uint[] x, uint[] y) => MinHasher.Estimate(x, y);

    /// <summary>Figures for the generation report.</summary>
    public IReadOnlyDictionary<string, double> Figures() => new Dictionary<string, double>
    {
        ["seen"] = Seen,
        ["kept"] = Kept,
        ["exact_duplicates"] = ExactDuplicates,
        ["near_duplicates"] = NearDuplicates,
        ["duplicate_rate"] = Seen == 0 ? 0 : (ExactDuplicates + NearDuplicates) / (double)Seen,
        ["jaccard_threshold"] = _options.Jaccard,
        ["shingle_words"] = _options.ShingleWords,
        ["permutations"] = _options.Permutations,
        ["bands"] = _options.Bands,
    };
}
