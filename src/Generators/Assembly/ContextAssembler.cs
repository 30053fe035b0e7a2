using System.Globalization;
using System.Text;
using System.Text.Json;
using MidTrain.Core.Hashing;
using MidTrain.Core.Records;
using MidTrain.Generators.Common;
using MidTrain.Generators.Dedup;

namespace MidTrain.Generators.Assembly;

/// <summary>
/// Assembles documents (or passages) into long contexts of a target length: candidates are offered one by one and held
/// in a bounded window; when a partition (documents sharing <see cref="ContextAssemblerOptions.Key"/>) holds enough,
/// a context is built from it — consecutive documents (<see cref="AssemblyMode.Sequential"/>), the oldest document and
/// those most similar to it (<see cref="AssemblyMode.Similar"/>, MinHash over words), or the oldest and a random draw
/// (<see cref="AssemblyMode.Random"/>). <see cref="Flush"/> assembles what is left at the end of the input.
/// </summary>
/// <remarks>
/// <para><b>Length.</b> A full context is within [(1 − tolerance) × target, target] in the budget's unit (the whole
/// text, delimiters included, counted once it is built): documents are taken whole while they fit, then one more is
/// cut at a sentence end (else a word boundary) to reach the band; a document longer than
/// <see cref="ContextAssemblerOptions.MaxDocumentShare"/> of the target is cut when offered. A partition's last context
/// may be shorter (kept from <see cref="ContextAssemblerOptions.MinFill"/> on, flagged <c>Short</c>); below that its
/// candidates are returned as leftovers, as are empty texts.</para>
/// <para><b>Text.</b> Documents appear as <c>&lt;document number="N"&gt;\n…text…\n&lt;/document&gt;</c>, separated by a
/// blank line, numbered 1..n in order of appearance; each <see cref="ContextDocument"/> records the exact span of its
/// text in the context and in its source. Placement is the arrival order for sequential contexts and a seeded shuffle
/// otherwise. The context id hashes the members' ids, so the same members give the same id.</para>
/// <para><b>Determinism and memory.</b> The result depends only on the order of the offers and the seed. At most
/// <see cref="ContextAssemblerOptions.Window"/> × target of text is held (plus one candidate), and a context's text is
/// built once. Thread-safe: calls are serialised by one lock (token counting of an offered candidate happens outside
/// it).</para>
/// </remarks>
/// <typeparam name="T">The caller's handle for a candidate (returned with the context it joins, or as a leftover).</typeparam>
public sealed class ContextAssembler<T>
{
    private const string Separator = "\n\n";
    private const string Footer = "\n</document>";
    private readonly ContextAssemblerOptions _options;
    private readonly TextBudget _budget;
    private readonly MinHasher? _hasher;
    private readonly int _target;
    private readonly int _low;
    private readonly int _footerUnits;
    private readonly int _separatorUnits;
    private readonly int _typicalOverhead;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private long _sequence;
    private long _held;
    private long _contexts;
    private long _short;
    private long _placed;
    private long _truncated;
    private long _leftovers;

    /// <summary>Creates an assembler; the options are validated here and must not change afterwards.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">An option is invalid, or target_tokens has no tokenizer.</exception>
    public ContextAssembler(ContextAssemblerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.TargetTokens > 0 && options.CountTokens is null)
        {
            throw new Core.Configuration.OptionsValidationException("target_tokens", "needs a tokenizer (tokenizer: <a local model>) to count tokens; or budget in target_chars");
        }

        _options = options;
        _budget = new TextBudget(options.TargetTokens > 0 ? options.CountTokens : null);
        _target = options.Target;
        _low = _target - (int)Math.Floor(_target * options.Tolerance);
        _footerUnits = _budget.Count(Footer);
        _separatorUnits = _budget.Count(Separator);
        _typicalOverhead = Overhead(10, "document-id");
        _hasher = options.Mode == AssemblyMode.Similar ? new MinHasher(permutations: 64, shingleWords: 1, seed: 0x5EED) : null;
    }

    /// <summary>The budget's unit: <c>tokens</c> or <c>chars</c>.</summary>
    public string Unit => _budget.InTokens ? "tokens" : "chars";

    /// <summary>The target length in <see cref="Unit"/>.</summary>
    public int Target => _target;

    /// <summary>Contexts built so far (short ones included).</summary>
    public long Contexts => Interlocked.Read(ref _contexts);

    /// <summary>Short contexts built so far (a partition's last, below the tolerance).</summary>
    public long ShortContexts => Interlocked.Read(ref _short);

    /// <summary>Candidates placed in contexts so far.</summary>
    public long Placed => Interlocked.Read(ref _placed);

    /// <summary>Candidates placed cut (to fit the budget or the document share).</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>Candidates returned as leftovers so far.</summary>
    public long Leftovers => Interlocked.Read(ref _leftovers);

    /// <summary>Offers a candidate; returns the contexts (and leftovers) it completes.</summary>
    public AssemblyStep<T> Offer(ContextCandidate candidate, T handle)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var part = Prepare(candidate, handle, out var refusal);
        lock (_gate)
        {
            if (part is null)
            {
                _leftovers++;
                return new AssemblyStep<T>([], [new AssemblyLeftover<T>(handle, refusal!)]);
            }

            part.Sequence = _sequence++;
            if (!_partitions.TryGetValue(part.PartitionKey, out var partition))
            {
                _partitions[part.PartitionKey] = partition = new Partition(part.PartitionKey, part.PartitionName);
            }

            partition.Add(part);
            _held += part.Cost;
            return Drain(final: false);
        }
    }

    /// <summary>Assembles everything still held (call once, at the end of the input).</summary>
    public AssemblyStep<T> Flush()
    {
        lock (_gate)
        {
            return Drain(final: true);
        }
    }

    private Part? Prepare(ContextCandidate candidate, T handle, out string? refusal)
    {
        refusal = null;
        var text = candidate.Text ?? string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            refusal = "empty text: nothing to place in a context";
            return null;
        }

        var end = text.Length;
        var units = _budget.CountPrefix(text, end);
        var cap = (int)Math.Floor(_target * _options.MaxDocumentShare) - _typicalOverhead;
        if (units > cap)
        {
            (end, units) = _budget.FitPrefix(text, end, cap, units);
            if (end == 0)
            {
                refusal = $"no sentence or word of it fits max_document_share × target ({cap} {Unit})";
                return null;
            }
        }

        var partitionName = PartitionOf(candidate);
        return new Part(handle, candidate, end, units)
        {
            Cost = units + _typicalOverhead,
            Signature = _hasher?.Signature(MinHasher.Normalise(end == text.Length ? text : text[..end])),
            PartitionKey = _options.Key is null ? string.Empty : partitionName is null ? "\u0000" : "=" + partitionName,
            PartitionName = partitionName,
            Language = PassageVariables.LanguageOf(candidate.Metadata),
        };
    }

    private AssemblyStep<T> Drain(bool final)
    {
        List<AssembledContext<T>>? contexts = null;
        List<AssemblyLeftover<T>>? leftovers = null;
        var threshold = _options.Mode == AssemblyMode.Sequential ? _target : (long)_options.Window * _target;
        while (true)
        {
            var partition = _partitions.Values.Where(p => p.Cost >= threshold).MinBy(p => p.Oldest);
            var closing = false;
            if (partition is null && (final || _held > (long)_options.Window * _target))
            {
                partition = _partitions.Values.MinBy(p => p.Oldest);
                closing = true;
            }

            if (partition is null)
            {
                break;
            }

            Assemble(partition, closing, contexts ??= [], leftovers ??= []);
            if (partition.Parts.Count == 0)
            {
                _partitions.Remove(partition.Key);
            }
        }

        return contexts is null && leftovers is null ? AssemblyStep<T>.Empty : new AssemblyStep<T>(contexts ?? [], leftovers ?? []);
    }

    /// <summary>Builds one context from <paramref name="partition"/>; when closing it, a too-small remainder becomes leftovers.</summary>
    private void Assemble(Partition partition, bool closing, List<AssembledContext<T>> contexts, List<AssemblyLeftover<T>> leftovers)
    {
        var (choices, used) = Plan(partition);
        if (choices.Count == 0)
        {
            // Nothing fits even cut (a pathological tokenizer): refuse the oldest candidate so the window moves on.
            var oldest = partition.Parts[0];
            Remove(partition, oldest);
            leftovers.Add(new AssemblyLeftover<T>(oldest.Handle, $"does not fit a context of {_target} {Unit} even cut"));
            _leftovers++;
            return;
        }

        var full = used >= _low;
        if (!full && closing && used < _options.MinFill * _target)
        {
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"too little text left to fill a context: {partition.Describe()} holds about {partition.Cost} of {_target} {Unit} (min_fill {_options.MinFill})");
            foreach (var part in partition.Parts.ToArray())
            {
                Remove(partition, part);
                leftovers.Add(new AssemblyLeftover<T>(part.Handle, reason));
                _leftovers++;
            }

            return;
        }

        foreach (var choice in choices)
        {
            Remove(partition, choice.Part);
        }

        contexts.Add(Build(choices, partition, isShort: !full));
    }

    /// <summary>Chooses candidates in order of preference: whole while they fit, then one cut to reach the band.</summary>
    private (List<Choice> Choices, int Used) Plan(Partition partition)
    {
        var choices = new List<Choice>();
        var used = 0;
        Part? skipped = null;
        foreach (var part in Preference(partition))
        {
            var overhead = Overhead(choices.Count + 1, part.Candidate.DocumentId);
            if (used + overhead + part.Units <= _target)
            {
                choices.Add(new Choice(part, part.End, part.Units, part.End < part.Candidate.Text.Length));
                used += overhead + part.Units;
                if (used >= _low)
                {
                    break;
                }

                continue;
            }

            skipped ??= part;
            if (_options.Mode == AssemblyMode.Sequential)
            {
                break;
            }
        }

        if (used < _low && skipped is not null)
        {
            var overhead = Overhead(choices.Count + 1, skipped.Candidate.DocumentId);
            var (end, units) = _budget.FitPrefix(skipped.Candidate.Text, skipped.End, _target - used - overhead, skipped.Units);
            if (end > 0)
            {
                choices.Add(new Choice(skipped, end, units, true));
                used += overhead + units;
            }
        }

        return (choices, used);
    }

    private IEnumerable<Part> Preference(Partition partition)
    {
        var parts = partition.Parts;
        if (_options.Mode == AssemblyMode.Sequential || parts.Count == 1)
        {
            return parts;
        }

        var seed = parts[0];
        var rest = parts.Skip(1);
        if (_options.Mode == AssemblyMode.Similar)
        {
            rest = rest.OrderByDescending(p => MinHasher.Estimate(seed.Signature, p.Signature)).ThenBy(p => p.Sequence);
        }
        else
        {
            var draw = SeedDerivation.Derive(_options.Seed, "assemble:random:" + seed.Descriptor);
            rest = rest.OrderBy(p => SeedDerivation.Derive(draw, p.Descriptor)).ThenBy(p => p.Sequence);
        }

        return [seed, .. rest];
    }

    private AssembledContext<T> Build(List<Choice> choices, Partition partition, bool isShort)
    {
        var members = choices.OrderBy(c => c.Part.Sequence).ToList();
        var id = "ctx-" + ContentHash.SampleId([.. members.Select(c => c.Part.Descriptor)]);
        var placement = _options.Mode == AssemblyMode.Sequential
            ? members
            : [.. members.OrderBy(c => SeedDerivation.Derive(SeedDerivation.Derive(_options.Seed, id), c.Part.Descriptor))];

        var (text, documents) = Render(placement);
        int? tokens = null;
        if (_budget.InTokens)
        {
            // Tokens of the whole text can exceed the sum of its parts at the joins: cut until it fits.
            tokens = _budget.Count(text);
            for (var attempt = 0; tokens > _target && attempt < 4; attempt++)
            {
                var excess = tokens.Value - _target + (attempt * 8);
                var index = placement.FindLastIndex(c => c.Truncated && c.Units > excess);
                if (index < 0)
                {
                    index = placement.IndexOf(placement.MaxBy(c => c.Units)!);
                }

                var victim = placement[index];
                var (end, units) = _budget.FitPrefix(victim.Part.Candidate.Text, victim.End, victim.Units - excess, victim.Units);
                if (end <= 0)
                {
                    break;
                }

                placement[index] = victim with { End = end, Units = units, Truncated = true };
                (text, documents) = Render(placement);
                tokens = _budget.Count(text);
            }
        }

        _contexts++;
        _placed += placement.Count;
        _truncated += placement.Count(c => c.Truncated);
        if (isShort)
        {
            _short++;
        }

        var context = new Core.Records.LongContext(id, text, documents)
        {
            Tokens = tokens,
            Grouping = _options.Mode.ToString().ToLowerInvariant(),
            Partition = partition.Name,
        };
        return new AssembledContext<T>(context, [.. members.Select(c => c.Part.Handle)], isShort);
    }

    private (string Text, List<ContextDocument> Documents) Render(List<Choice> placement)
    {
        var builder = new StringBuilder(placement.Sum(c => c.End + 48));
        var documents = new List<ContextDocument>(placement.Count);
        for (var i = 0; i < placement.Count; i++)
        {
            var choice = placement[i];
            var candidate = choice.Part.Candidate;
            if (i > 0)
            {
                builder.Append(Separator);
            }

            builder.Append(Header(i + 1, candidate.DocumentId));
            var start = builder.Length;
            builder.Append(candidate.Text, 0, choice.End);
            documents.Add(new ContextDocument
            {
                Number = i + 1,
                Id = candidate.DocumentId,
                Passage = candidate.Passage,
                Start = start,
                End = builder.Length,
                SourceStart = candidate.SourceStart,
                SourceEnd = candidate.SourceStart + choice.End,
                Truncated = choice.Truncated,
                Tokens = _budget.InTokens ? choice.Units : null,
                Language = choice.Part.Language,
            });
            builder.Append(Footer);
        }

        return (builder.ToString(), documents);
    }

    private string Header(int number, string id) => _options.ShowIds
        ? string.Create(CultureInfo.InvariantCulture, $"<document number=\"{number}\" id=\"{EscapeAttribute(id)}\">\n")
        : string.Create(CultureInfo.InvariantCulture, $"<document number=\"{number}\">\n");

    private int Overhead(int number, string id) => _budget.Count(Header(number, id)) + _footerUnits + (number > 1 ? _separatorUnits : 0);

    private void Remove(Partition partition, Part part)
    {
        partition.Remove(part);
        _held -= part.Cost;
    }

    private string? PartitionOf(ContextCandidate candidate)
    {
        if (_options.Key is null || candidate.Metadata is null || !candidate.Metadata.TryGetValue(_options.Key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    private static string EscapeAttribute(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    /// <summary>A held candidate: its usable prefix (<see cref="End"/>) and size.</summary>
    private sealed class Part(T handle, ContextCandidate candidate, int end, int units)
    {
        public T Handle { get; } = handle;

        public ContextCandidate Candidate { get; } = candidate;

        public int End { get; } = end;

        public int Units { get; } = units;

        public long Sequence { get; set; }

        /// <summary>Units plus a typical delimiter overhead (for the window's accounting).</summary>
        public required int Cost { get; init; }

        public uint[]? Signature { get; init; }

        public required string PartitionKey { get; init; }

        public string? PartitionName { get; init; }

        public string? Language { get; init; }

        public string Descriptor => Candidate.Passage is { } index
            ? Candidate.DocumentId + "#" + index.ToString(CultureInfo.InvariantCulture)
            : Candidate.DocumentId;
    }

    /// <summary>A part chosen for a context, with the prefix used.</summary>
    private sealed record Choice(Part Part, int End, int Units, bool Truncated);

    /// <summary>Held candidates sharing a key value, in arrival order.</summary>
    private sealed class Partition(string key, string? name)
    {
        public string Key { get; } = key;

        public string? Name { get; } = name;

        public List<Part> Parts { get; } = [];

        public long Cost { get; private set; }

        public long Oldest => Parts.Count > 0 ? Parts[0].Sequence : long.MaxValue;

        public void Add(Part part)
        {
            Parts.Add(part);
            Cost += part.Cost;
        }

        public void Remove(Part part)
        {
            if (Parts.Remove(part))
            {
                Cost -= part.Cost;
            }
        }

        public string Describe() => Key.Length == 0 ? "the window" : Name is null ? "the documents without the key" : $"partition '{Name}'";
    }
}
