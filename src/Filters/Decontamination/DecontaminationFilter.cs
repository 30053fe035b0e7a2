using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Core.Jsonl;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Text;

namespace MidTrain.Filters.Decontamination;

/// <summary>
/// The <c>decontaminate</c> filter: rejects an item whose checked texts share enough word n-grams with a benchmark
/// item (<see cref="DecontaminationOptions.MinOverlap"/>), or one of whose texts shorter than n words equals a
/// benchmark field shorter than n words after normalisation. Overlap is counted over the item's checked texts together
/// (distinct n-grams), so a benchmark question in the user turn and its answer in the assistant turn add up. A hit
/// rejects with reason <c>benchmark_overlap</c> and details naming the benchmark file, the item's id and line, the
/// matched and needed n-gram counts, and the first matching span of the checked text (original offsets).
/// Thread-safe: the index is read-only and each call keeps its own state.
/// </summary>
/// <remarks>
/// What it does not catch: paraphrases that change words (synonyms, reordering, translation), benchmark items quoted
/// in pieces shorter than n words, and short benchmark answers inside longer texts (a bare "42" is only a hit when a
/// whole checked text is "42"). Very short benchmark fields (bare numbers, one-word answers) do hit whole texts that
/// equal them: restrict <see cref="DecontaminationOptions.Fields"/> or <see cref="DecontaminationOptions.Check"/>
/// when that is too eager.
/// </remarks>
public sealed class DecontaminationFilter : SynchronousFilter
{
    /// <summary>The filter name.</summary>
    public const string FilterName = "decontaminate";

    /// <summary>The filter version.</summary>
    public const string FilterVersion = "1.0.0";

    /// <summary>The reason code of a rejection.</summary>
    public const string Reason = "benchmark_overlap";

    private const int MaxExcerptChars = 400;

    private readonly DecontaminationOptions _options;
    private readonly TextSelector _check;

    /// <summary>Creates the filter over a built <paramref name="index"/>.</summary>
    /// <param name="index">The benchmark index (its n must equal the options').</param>
    /// <param name="options">The options (validated; copied).</param>
    public DecontaminationFilter(BenchmarkIndex index, DecontaminationOptions options)
        : base(FilterName, FilterVersion)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (index.N != options.N)
        {
            throw new OptionsValidationException("n", $"the index was built with n = {index.N}, the options say {options.N}");
        }

        Index = index;
        _options = options.Clone();
        RecordedParameters = OptionsBinder.ToJson(_options);
        _check = new TextSelector(options.Check);
    }

    /// <summary>The benchmark index.</summary>
    public BenchmarkIndex Index { get; }

    /// <inheritdoc />
    public override JsonObject Parameters
    {
        get
        {
            var parameters = base.Parameters;
            parameters["index"] = new JsonObject
            {
                ["items"] = Index.ItemCount,
                ["ngrams"] = Index.NGramCount,
                ["whole_texts"] = Index.WholeTextCount,
                ["bytes"] = Index.Bytes,
            };
            return parameters;
        }
    }

    /// <summary>Builds the index from <paramref name="options"/>' files (resolved by <paramref name="resolvePath"/>) and creates the filter.</summary>
    public static DecontaminationFilter Create(DecontaminationOptions options, Func<string, string>? resolvePath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var files = options.Against.Select(resolvePath ?? (p => p)).ToArray();
        var index = BenchmarkIndex.Build(files, options.N, options.Fields, options.IdField, cancellationToken);
        return new DecontaminationFilter(index, options);
    }

    /// <inheritdoc />
    protected override object? Component => Index;

    /// <inheritdoc />
    protected override FilterDecision Decide(FilterItem item, CancellationToken cancellationToken)
    {
        var n = Index.N;
        Span<int> one = stackalloc int[1];
        var words = ArrayPool<NormalizedWord>.Shared.Rent(256);
        Dictionary<int, Overlap>? overlaps = null;
        HashSet<ulong>? seen = null;
        (int Item, int Text, int Start, int End)? whole = null;
        try
        {
            for (var t = 0; t < item.Texts.Count; t++)
            {
                var text = item.Texts[t];
                if (!_check.Selects(text))
                {
                    continue;
                }

                var count = WordTokenizer.Hash(text.Text, ref words);
                if (count == 0)
                {
                    continue;
                }

                if (count < n)
                {
                    var hits = Index.ItemsWithWholeText(WordTokenizer.Combine(words.AsSpan(0, count), BenchmarkIndex.WholeTextSeed), one);
                    if (hits.Length > 0 && whole is null)
                    {
                        whole = (Min(hits), t, words[0].Start, words[count - 1].End);
                    }

                    continue;
                }

                for (var i = 0; i + n <= count; i++)
                {
                    var hash = WordTokenizer.Combine(words.AsSpan(i, n), BenchmarkIndex.NGramSeed);
                    var hits = Index.ItemsWithNGram(hash, one);
                    if (hits.Length == 0 || !(seen ??= []).Add(hash))
                    {
                        continue;
                    }

                    overlaps ??= [];
                    foreach (var hit in hits)
                    {
                        ref var overlap = ref CollectionsMarshal.GetValueRefOrAddDefault(overlaps, hit, out var exists);
                        if (!exists)
                        {
                            overlap.Text = t;
                            overlap.Window = i;
                        }

                        overlap.Count++;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<NormalizedWord>.Shared.Return(words);
        }

        if (overlaps is not null && Best(overlaps, out var bestItem, out var qualifying) is { } best)
        {
            return NGramHit(item, bestItem, best, qualifying);
        }

        return whole is { } w ? WholeTextHit(item, w.Item, w.Text, w.Start, w.End) : FilterDecision.Keep;
    }

    private Overlap? Best(Dictionary<int, Overlap> overlaps, out int bestItem, out int qualifying)
    {
        bestItem = -1;
        qualifying = 0;
        Overlap? best = null;
        foreach (var (candidate, overlap) in overlaps)
        {
            if (overlap.Count < _options.Needed(Index.Item(candidate).NGrams))
            {
                continue;
            }

            qualifying++;
            if (best is null || overlap.Count > best.Value.Count || (overlap.Count == best.Value.Count && candidate < bestItem))
            {
                best = overlap;
                bestItem = candidate;
            }
        }

        return best;
    }

    private FilterDecision NGramHit(FilterItem item, int benchmarkItem, Overlap overlap, int qualifying)
    {
        var text = item.Texts[overlap.Text];
        var (start, end) = MatchingRun(text.Text, overlap.Window, benchmarkItem);
        var (file, line, id, ngrams) = Index.Item(benchmarkItem);
        var details = Details(file, line, id, "ngram", text, start, end);
        details["matched_ngrams"] = overlap.Count;
        details["item_ngrams"] = ngrams;
        details["needed_ngrams"] = _options.Needed(ngrams);
        details["n"] = Index.N;
        details["items_hit"] = qualifying;
        var message = $"overlaps {Path.GetFileName(file)} item {id ?? "line " + line} (line {line}): {overlap.Count} of its {ngrams} {Index.N}-grams, first in {text.Name} [{start}, {end})";
        return FilterDecision.Reject(Reason, message, JsonSerializer.SerializeToElement(details, JsonDefaults.Options));
    }

    private FilterDecision WholeTextHit(FilterItem item, int benchmarkItem, int textIndex, int start, int end)
    {
        var text = item.Texts[textIndex];
        var (file, line, id, _) = Index.Item(benchmarkItem);
        var details = Details(file, line, id, "whole_text", text, start, end);
        var message = $"{text.Name} equals a field of {Path.GetFileName(file)} item {id ?? "line " + line} (line {line}) after normalisation";
        return FilterDecision.Reject(Reason, message, JsonSerializer.SerializeToElement(details, JsonDefaults.Options));
    }

    private static JsonObject Details(string file, long line, string? id, string match, FilterText text, int start, int end)
    {
        var excerpt = text.Text[start..end];
        return new JsonObject
        {
            ["benchmark"] = file,
            ["item_id"] = id,
            ["line"] = line,
            ["match"] = match,
            ["text"] = text.Name,
            ["span"] = new JsonObject
            {
                ["start"] = start,
                ["end"] = end,
                ["text"] = excerpt.Length <= MaxExcerptChars ? excerpt : excerpt[..MaxExcerptChars] + "…",
            },
        };
    }

    /// <summary>The raw span of the run of consecutive n-grams of <paramref name="benchmarkItem"/> starting at window <paramref name="first"/>.</summary>
    private (int Start, int End) MatchingRun(string text, int first, int benchmarkItem)
    {
        var n = Index.N;
        Span<int> one = stackalloc int[1];
        var words = ArrayPool<NormalizedWord>.Shared.Rent(256);
        try
        {
            var count = WordTokenizer.Hash(text, ref words);
            var last = first;
            while (last + 1 + n <= count && Index.ItemsWithNGram(WordTokenizer.Combine(words.AsSpan(last + 1, n), BenchmarkIndex.NGramSeed), one).Contains(benchmarkItem))
            {
                last++;
            }

            return (words[first].Start, words[last + n - 1].End);
        }
        finally
        {
            ArrayPool<NormalizedWord>.Shared.Return(words);
        }
    }

    private static int Min(ReadOnlySpan<int> items)
    {
        var min = int.MaxValue;
        foreach (var item in items)
        {
            min = Math.Min(min, item);
        }

        return min;
    }

    private struct Overlap
    {
        public int Count;
        public int Text;
        public int Window;
    }
}
