namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// One input record as the unit of accounting and resume. Every item derived from it (passages, samples) shares this
/// object; <see cref="Outstanding"/> counts the live items, and when it reaches zero every output of the record has
/// been handed to the sink, so the record can be journaled as done. Thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Groups.</b> A stage that gathers several held items into one output (<see cref="IStageOutput.EmitGroupAsync"/>,
/// e.g. documents assembled into one long context) creates a <em>group record</em> (<see cref="IsGroup"/>) that owns the
/// output, and joins it and the records of the held items into one accounting unit. A unit finishes as a whole: its
/// records are done when none of them has a live item left, and the sink journals them in one line, so a crash never
/// leaves some members of a group journaled and others not. Units merge when a record is gathered into two groups
/// (passages of one document in two contexts). Joining and finishing units take one lock; records that are never
/// gathered never touch it.</para>
/// </remarks>
public sealed class RootRecord
{
    private static readonly Lock UnitGate = new();
    private int _outstanding = 1;
    private int _outputs;
    private Unit? _unit;

    /// <summary>Creates the root of an input record.</summary>
    /// <param name="key">The record's unique key (its id; <c>@file:line</c> for lines without one).</param>
    /// <param name="file">The input file.</param>
    /// <param name="line">The 1-based line (0 for whole-file documents).</param>
    public RootRecord(string key, string? file, long line)
    {
        Key = key;
        File = file;
        Line = line;
    }

    private RootRecord(string key)
        : this(key, null, 0) => IsGroup = true;

    /// <summary>The unique key.</summary>
    public string Key { get; }

    /// <summary>The input file the record came from.</summary>
    public string? File { get; }

    /// <summary>The 1-based line number in <see cref="File"/> (0 for whole-file documents).</summary>
    public long Line { get; }

    /// <summary>Whether a stage made this record by gathering held items (not read from the input).</summary>
    public bool IsGroup { get; }

    /// <summary>Live items derived from this record.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Output lines written for this record so far.</summary>
    public int Outputs => Volatile.Read(ref _outputs);

    /// <summary>Where the record came from, as <c>file:line</c>.</summary>
    public string Location => Line > 0 ? $"{File}:{Line}" : File ?? Key;

    /// <summary>
    /// The records that finish together with this one, this one included, in the order they joined: every input record
    /// and group record of its unit when it was gathered (see the remarks), else just this record. Final once the
    /// record is done (when <see cref="IRecordSink.MarkDone"/> receives it).
    /// </summary>
    public IReadOnlyList<RootRecord> FinishedWith
    {
        get
        {
            if (Volatile.Read(ref _unit) is null)
            {
                return [this];
            }

            lock (UnitGate)
            {
                return _unit!.Roots.ToArray();
            }
        }
    }

    /// <summary>Whether this record belongs to a group's unit.</summary>
    internal bool IsGathered => Volatile.Read(ref _unit) is not null;

    /// <summary>Input records (not groups) among <see cref="FinishedWith"/>.</summary>
    internal int InputRecordsFinishedWith => IsGathered ? FinishedWith.Count(r => !r.IsGroup) : 1;

    internal void AddItem() => Interlocked.Increment(ref _outstanding);

    /// <summary>Releases one item; true when it was the last one of the record (of its whole unit, when gathered).</summary>
    internal bool ReleaseItem()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            return false;
        }

        // A record joins a unit only while it is held (Outstanding ≥ 1), so one that reaches zero outside a unit cannot
        // be joining one now.
        if (Volatile.Read(ref _unit) is null)
        {
            return true;
        }

        lock (UnitGate)
        {
            return --_unit!.Live == 0;
        }
    }

    internal void CountOutput() => Interlocked.Increment(ref _outputs);

    /// <summary>
    /// Creates the group record <paramref name="key"/> (one live item: its creation) and joins it with
    /// <paramref name="members"/> into one unit, merging the units they already belong to. Every member must have a live
    /// item (the hold) until this returns.
    /// </summary>
    internal static RootRecord Gather(string key, IEnumerable<RootRecord> members)
    {
        var group = new RootRecord(key);
        lock (UnitGate)
        {
            var units = new List<Unit>();
            var loose = new List<RootRecord>();
            var seen = new HashSet<RootRecord>(ReferenceEqualityComparer.Instance);
            foreach (var member in members)
            {
                if (!seen.Add(member))
                {
                    continue;
                }

                if (member._unit is { } unit)
                {
                    if (!units.Contains(unit))
                    {
                        units.Add(unit);
                    }
                }
                else
                {
                    loose.Add(member);
                }
            }

            loose.Add(group);
            var target = units.MaxBy(u => u.Roots.Count) ?? new Unit();
            foreach (var unit in units.Where(u => u != target))
            {
                foreach (var root in unit.Roots)
                {
                    Volatile.Write(ref root._unit, target);
                }

                target.Roots.AddRange(unit.Roots);
                target.Live += unit.Live;
            }

            foreach (var root in loose)
            {
                target.Roots.Add(root);
                target.Live++;
                Volatile.Write(ref root._unit, target);
            }
        }

        return group;
    }

    /// <summary>Records that finish together; guarded by <see cref="UnitGate"/>.</summary>
    private sealed class Unit
    {
        public List<RootRecord> Roots { get; } = [];

        /// <summary>Records of the unit that still have live items.</summary>
        public int Live { get; set; }
    }
}
