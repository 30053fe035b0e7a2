using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// The Parquet schema of an exported sample and the row group being built for it (docs/format.md, "Parquet export"):
/// <c>id</c> (string), <c>messages</c> (list of struct role, content, reasoning_content — the trace of a reasoning
/// teacher kept apart from the answer, null otherwise), <c>source</c> (struct doc_id, passage, start,
/// end, text), <c>attributes</c> (struct of strings, one field per attribute key of the run), <c>verdicts</c>,
/// <c>judgements</c> and <c>lineage</c> (lists of structs), <c>fields</c> (JSON text), and for rejected rows
/// <c>rejection</c> (struct stage, reason, by, evidence as JSON text). Free-form JSON (verdict details, judge score
/// distributions, sampling settings, fields, evidence) is kept as JSON text, so every file of a dataset has one
/// schema whatever those objects hold. Lists and structs use Parquet's standard three-level LIST layout, which
/// Arrow, pandas and Hugging Face <c>datasets</c> read as lists of dicts. Not thread-safe.
/// </summary>
internal sealed class SampleColumns
{
    // Arrays rather than IReadOnlyList: the per-row loops then allocate no enumerator and make no interface calls.
    private readonly Group[] _groups;
    private readonly Leaf[] _leaves;
    private readonly JsonElement[] _rowValues;
    private readonly CharArena _text = new();
    private static readonly HashSet<string> HighCardinality = new(StringComparer.Ordinal)
    {
        "id", "content", "reasoning_content", "text", "reason", "details", "rationale", "raw", "distribution", "sampling", "fields", "evidence",
    };

    public SampleColumns(IReadOnlyList<string> attributeKeys, bool withRejection)
    {
        var groups = new List<Group>
        {
            new TopGroup(Str("id", nullable: false)),
            new ListGroup("messages", [Str("role"), Str("content"), Str("reasoning_content")]),
            new StructGroup("source", [Str("doc_id"), Int("passage"), Int("start"), Int("end"), Str("text")]),
        };
        if (attributeKeys.Count > 0)
        {
            groups.Add(new StructGroup("attributes", attributeKeys.Select(k => (Leaf)Str(k)).ToArray()));
        }

        groups.Add(new ListGroup("verdicts", [Str("name"), Str("version"), Str("outcome"), Dbl("score"), Str("reason"), Raw("details"), Dbl("duration_ms")]));
        groups.Add(new ListGroup("judgements", [Str("judge"), Str("criterion"), Dbl("score"), Bool("valid"), Str("rationale"), Str("raw"), Raw("distribution"), Dbl("expected_score"), Dbl("entropy")]));
        groups.Add(new ListGroup("lineage", [Str("stage"), Str("component"), Raw("parameters"), Str("model"), Str("model_fingerprint"), Str("prompt"), Str("prompt_sha256"), Raw("sampling"), Lng("seed"), Lng("tokens_in"), Lng("tokens_out"), Lng("reasoning_tokens"), Dbl("duration_ms")]));
        groups.Add(new TopGroup(Raw("fields")));
        if (withRejection)
        {
            groups.Add(new StructGroup("rejection", [Str("stage"), Str("reason"), Str("by"), Raw("evidence")]));
        }

        _groups = groups.ToArray();
        _rowValues = new JsonElement[_groups.Length];
        Schema = new ParquetSchema(groups.Select(g => g.Field).ToArray());
        var leaves = groups.SelectMany(g => g.Leaves).ToList();
        var order = Schema.GetDataFields();
        if (order.Length != leaves.Count || order.Where((f, i) => !ReferenceEquals(f, leaves[i].Field)).Any())
        {
            throw new InvalidOperationException("Parquet.Net ordered the schema's leaves differently than the columns are written");
        }

        foreach (var group in groups)
        {
            group.CheckLevels();
        }

        _leaves = leaves.ToArray();
    }

    public ParquetSchema Schema { get; }

    /// <summary>String columns whose values repeat across rows: everything but ids, texts and free-form JSON.</summary>
    public IEnumerable<DataField> DictionaryCandidates => _leaves
        .Where(l => l is Leaf<ReadOnlyMemory<char>> && !HighCardinality.Contains(l.Name))
        .Select(l => l.Field);

    /// <summary>Rows in the pending row group.</summary>
    public int Rows { get; private set; }

    /// <summary>JSON bytes of the rows in the pending row group (a stand-in for their uncompressed size).</summary>
    public long PendingBytes { get; private set; }

    /// <summary>
    /// Bytes a row group adds besides its compressed pages: page headers and footer entries, which carry each
    /// column's min and max value (Parquet.Net writes string statistics), so long texts count four times.
    /// </summary>
    public long OverheadEstimate => _leaves.Sum(l => 256 + (4 * l.MaxValueBytes));

    /// <summary>Adds one line of <c>accepted.jsonl</c> or <c>rejected.jsonl</c>.</summary>
    public void Add(JsonElement row, long lineBytes)
    {
        PropertyTarget.Match(row, _groups, _rowValues);
        for (var i = 0; i < _groups.Length; i++)
        {
            _groups[i].Add(_rowValues[i]);
        }

        Rows++;
        PendingBytes += lineBytes;
    }

    /// <summary>Writes the pending rows as one row group and clears them.</summary>
    public async Task WriteRowGroupAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        using (var rowGroup = writer.CreateRowGroup())
        {
            foreach (var leaf in _leaves)
            {
                await leaf.WriteAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            }

            rowGroup.CompleteValidate();
        }

        foreach (var leaf in _leaves)
        {
            leaf.Clear();
        }

        _text.Reset();
        Rows = 0;
        PendingBytes = 0;
    }

    private Leaf<ReadOnlyMemory<char>> Str(string name, bool nullable = true) =>
        new(name, new DataField<string>(name, nullable), e => e.ValueKind == JsonValueKind.String ? _text.String(e) : _text.Raw(e), static m => m.Length * 3L);

    private Leaf<ReadOnlyMemory<char>> Raw(string name) =>
        new(name, new DataField<string>(name, true), e => _text.Raw(e), static m => m.Length * 3L);

    private static Leaf<double> Dbl(string name) =>
        new(name, new DataField<double>(name, true), static e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null);

    private static Leaf<long> Lng(string name) =>
        new(name, new DataField<long>(name, true), static e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n : null);

    private static Leaf<int> Int(string name) =>
        new(name, new DataField<int>(name, true), static e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) ? n : null);

    private static Leaf<bool> Bool(string name) =>
        new(name, new DataField<bool>(name, true), static e => e.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null });

    /// <summary>A top-level column, a struct or a list of structs, and how a row's JSON maps onto its leaves.</summary>
    private abstract class Group(string name) : PropertyTarget(name)
    {
        private JsonElement[] _values = [];

        /// <summary>
        /// Adds the leaves' values from <paramref name="element"/> in one walk of its properties; a leaf with no
        /// property gets a null at <paramref name="nullDefinition"/>. See <see cref="PropertyTarget.Match"/> for how
        /// properties find their leaves.
        /// </summary>
        protected void AddLeaves(Leaf[] leaves, JsonElement element, int repetition, int nullDefinition)
        {
            if (_values.Length != leaves.Length)
            {
                _values = new JsonElement[leaves.Length];
            }

            Match(element, leaves, _values);
            for (var i = 0; i < leaves.Length; i++)
            {
                if (_values[i].ValueKind != JsonValueKind.Undefined)
                {
                    leaves[i].AddValue(_values[i], repetition, nullDefinition);
                }
                else
                {
                    leaves[i].AddEmpty(nullDefinition, repetition);
                }
            }
        }

        public abstract Field Field { get; }

        public abstract IReadOnlyList<Leaf> Leaves { get; }

        /// <summary>Adds the row's value of property <see cref="PropertyTarget.Name"/>, or (Undefined) its absence.</summary>
        public abstract void Add(JsonElement value);

        /// <summary>The levels this group writes must be the ones Parquet.Net derived from the schema.</summary>
        public abstract void CheckLevels();

        protected void Expect(int definition, int repetition)
        {
            foreach (var leaf in Leaves)
            {
                if (leaf.Field.MaxDefinitionLevel != definition || leaf.Field.MaxRepetitionLevel != repetition)
                {
                    throw new InvalidOperationException(
                        $"column '{leaf.Field.Path}': Parquet.Net derived levels {leaf.Field.MaxDefinitionLevel}/{leaf.Field.MaxRepetitionLevel}, the writer expects {definition}/{repetition}");
                }
            }
        }
    }

    private sealed class TopGroup(Leaf leaf) : Group(leaf.Name)
    {
        public override Field Field => leaf.Field;

        public override IReadOnlyList<Leaf> Leaves { get; } = [leaf];

        public override void Add(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                leaf.AddEmpty(0, 0);
            }
            else
            {
                leaf.AddValue(value, 0, 0);
            }
        }

        public override void CheckLevels() => Expect(leaf.Field.IsNullable ? 1 : 0, 0);
    }

    /// <summary>An optional struct of optional leaves: 0 = struct absent, 1 = leaf null, 2 = value.</summary>
    private sealed class StructGroup(string name, Leaf[] leaves) : Group(name)
    {
        public override Field Field { get; } = new StructField(name, leaves.Select(l => (Field)l.Field).ToArray());

        public override IReadOnlyList<Leaf> Leaves => leaves;

        public override void Add(JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                AddLeaves(leaves, value, 0, 1);
                return;
            }

            foreach (var leaf in leaves)
            {
                leaf.AddEmpty(0, 0);
            }
        }

        public override void CheckLevels() => Expect(2, 0);
    }

    /// <summary>
    /// An optional list of optional structs of optional leaves: definition 0 = list absent (never written: a missing
    /// list is written empty), 1 = empty list, 2 = null element, 3 = leaf null, 4 = value; repetition 0 starts a row,
    /// 1 another element of the same list.
    /// </summary>
    private sealed class ListGroup(string name, Leaf[] leaves) : Group(name)
    {
        public override Field Field { get; } = new ListField(name, new StructField(ListField.ElementName, leaves.Select(l => (Field)l.Field).ToArray()));

        public override IReadOnlyList<Leaf> Leaves => leaves;

        public override void Add(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                foreach (var leaf in leaves)
                {
                    leaf.AddEmpty(1, 0);
                }

                return;
            }

            var repetition = 0;
            foreach (var element in array.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object)
                {
                    AddLeaves(leaves, element, repetition, 3);
                }
                else
                {
                    foreach (var leaf in leaves)
                    {
                        leaf.AddEmpty(2, repetition);
                    }
                }

                repetition = 1;
            }
        }

        public override void CheckLevels() => Expect(4, 1);
    }
}
