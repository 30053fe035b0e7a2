using MidTrain.Core.Records;

namespace MidTrain.Generators.Chunking;

/// <summary>
/// Cuts a document into passages within a budget (characters, or tokens when a tokenizer is given): whole paragraphs
/// when they fit, else sentences, else word-boundary splits; consecutive units are packed greedily; an optional overlap
/// repeats whole trailing sentences. Every passage keeps its document id and exact span
/// (<c>document.Text[Start..End] == passage.Text</c>). Passages with fewer than <see cref="ChunkerOptions.MinChars"/>
/// non-space characters are skipped and counted. Thread-safe (counters are atomic).
/// </summary>
public sealed class PassageChunker
{
    private readonly ChunkerOptions _options;
    private long _documents;
    private long _passages;
    private long _skippedShort;

    /// <summary>Creates a chunker; the options are validated here.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">An option is invalid, or max_tokens is set without a tokenizer.</exception>
    public PassageChunker(ChunkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.MaxTokens > 0 && options.CountTokens is null)
        {
            throw new Core.Configuration.OptionsValidationException("max_tokens", "needs a tokenizer (tokenizer: <a local model>) to count tokens");
        }

        _options = options;
    }

    /// <summary>Documents chunked so far.</summary>
    public long Documents => Interlocked.Read(ref _documents);

    /// <summary>Passages produced so far.</summary>
    public long Passages => Interlocked.Read(ref _passages);

    /// <summary>Passages skipped because they were too short (or empty).</summary>
    public long SkippedShort => Interlocked.Read(ref _skippedShort);

    /// <summary>Cuts <paramref name="document"/> into passages.</summary>
    public IReadOnlyList<Passage> Chunk(Document document)
    {
        Interlocked.Increment(ref _documents);
        var text = document.Text;
        var units = new List<(int Start, int End)>();
        foreach (var paragraph in TextUnits.Paragraphs(text))
        {
            if (Fits(text, paragraph.Start, paragraph.End))
            {
                units.Add(paragraph);
                continue;
            }

            foreach (var sentence in TextUnits.Sentences(text, paragraph.Start, paragraph.End))
            {
                if (Fits(text, sentence.Start, sentence.End))
                {
                    units.Add(sentence);
                }
                else
                {
                    units.AddRange(SplitToFit(text, sentence.Start, sentence.End));
                }
            }
        }

        var passages = new List<Passage>();
        var i = 0;
        while (i < units.Count)
        {
            var start = units[i].Start;
            var j = i;
            while (j + 1 < units.Count && Fits(text, start, units[j + 1].End))
            {
                j++;
            }

            var end = units[j].End;
            if (HasMinChars(text.AsSpan(start, end - start), _options.MinChars))
            {
                passages.Add(new Passage(document.Id, passages.Count, text[start..end], start, end) { Metadata = document.Metadata });
            }
            else
            {
                Interlocked.Increment(ref _skippedShort);
            }

            var next = j + 1;
            if (_options.OverlapChars > 0 && next < units.Count)
            {
                // Step back over whole trailing units that fit in the overlap, keeping progress of at least one unit.
                var back = next;
                while (back - 1 > i && units[next - 1].End - units[back - 1].Start <= _options.OverlapChars && Fits(text, units[back - 1].Start, units[next].End))
                {
                    back--;
                }

                next = back;
            }

            i = next;
        }

        Interlocked.Add(ref _passages, passages.Count);
        return passages;
    }

    private static bool HasMinChars(ReadOnlySpan<char> span, int min)
    {
        if (span.Length < min)
        {
            return false;
        }

        var count = 0;
        foreach (var c in span)
        {
            if (!char.IsWhiteSpace(c) && ++count >= min)
            {
                return true;
            }
        }

        return count >= min;
    }

    private bool Fits(string text, int start, int end)
    {
        if (end - start > _options.MaxChars)
        {
            return false;
        }

        return _options.MaxTokens <= 0 || _options.CountTokens is null || _options.CountTokens(text[start..end]) <= _options.MaxTokens;
    }

    private IEnumerable<(int Start, int End)> Halve(string text, int start, int end)
    {
        if (Fits(text, start, end) || end - start <= 16)
        {
            yield return (start, end);
            yield break;
        }

        foreach (var half in TextUnits.HardSplit(text, start, end, Math.Max(16, (end - start + 1) / 2)))
        {
            foreach (var part in Halve(text, half.Start, half.End))
            {
                yield return part;
            }
        }
    }

    private IEnumerable<(int Start, int End)> SplitToFit(string text, int start, int end)
    {
        foreach (var piece in TextUnits.HardSplit(text, start, end, _options.MaxChars))
        {
            if (Fits(text, piece.Start, piece.End))
            {
                yield return piece;
                continue;
            }

            // Over the token budget although within characters: halve until it fits, keeping text order.
            foreach (var part in Halve(text, piece.Start, piece.End))
            {
                yield return part;
            }
        }
    }
}
