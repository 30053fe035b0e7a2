using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Hashing;
using MidTrain.Core.Jsonl;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// A run's output directory and the pipeline sink writing into it: <c>accepted.jsonl</c>, <c>rejected.jsonl</c>,
/// <c>failed.jsonl</c>, the journal of finished input records, the manifest and the dataset card.
/// Crash safety: output lines are flushed before the journal names their record as done, and files are repaired on
/// open (torn last lines dropped). Resume keeps exactly the lines of journaled records, so a record is either wholly
/// in the outputs or re-run: none lost, none duplicated. Records a stage gathered into one group (an assembled
/// context) are journaled in one line, <c>{"done": KEY, "with": [KEYS], "groups": [GROUP KEYS]}</c>, so they are done
/// together or not at all. The sink methods are called from one task (the engine's).
/// </summary>
public sealed class RunDirectory : IRecordSink, IDisposable
{
    private readonly JsonlWriter _accepted;
    private readonly JsonlWriter _rejected;
    private readonly JsonlWriter _failed;
    private readonly JsonlWriter _journal;
    private readonly HashSet<ulong> _done;
    private readonly List<RootRecord> _pendingDone = [];

    private RunDirectory(string path, HashSet<ulong> done, int priorDone, (long Accepted, long Rejected, long Failed) prior, bool resumed)
    {
        Path = path;
        _done = done;
        PriorDone = priorDone;
        PriorCounts = prior;
        Resumed = resumed;
        _accepted = JsonlWriter.Append(System.IO.Path.Combine(path, RunFiles.Accepted));
        _rejected = JsonlWriter.Append(System.IO.Path.Combine(path, RunFiles.Rejected));
        _failed = JsonlWriter.Append(System.IO.Path.Combine(path, RunFiles.Failed));
        _journal = JsonlWriter.Append(System.IO.Path.Combine(path, RunFiles.Journal));
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>Whether this run continues an earlier one.</summary>
    public bool Resumed { get; }

    /// <summary>Input records finished before this run started (skipped by the source).</summary>
    public int PriorDone { get; }

    /// <summary>Lines kept in the outputs from earlier runs.</summary>
    public (long Accepted, long Rejected, long Failed) PriorCounts { get; }

    /// <summary>Whether the input record <paramref name="key"/> was finished by an earlier run.</summary>
    public bool IsDone(string key) => _done.Contains(ContentHash.Fnv1a64(key));

    /// <summary>Opens a fresh run directory; refuses a non-empty one.</summary>
    /// <exception cref="InvalidOperationException">The directory exists and is not empty.</exception>
    public static RunDirectory CreateFresh(string path)
    {
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new InvalidOperationException($"output directory '{path}' is not empty: continue that run with --resume, or choose another --out");
        }

        return Fresh(path);
    }

    /// <summary>
    /// Opens <paramref name="path"/> to continue an interrupted run: reads the journal, drops output lines of records
    /// that were not finished, and repairs torn lines. A missing or empty directory starts a fresh run.
    /// </summary>
    public static RunDirectory OpenForResume(string path)
    {
        var journalPath = System.IO.Path.Combine(path, RunFiles.Journal);
        if (!File.Exists(journalPath))
        {
            if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any(e => !System.IO.Path.GetFileName(e).Equals(RunFiles.Manifest, StringComparison.Ordinal)
                && RunFiles.Outputs.Contains(System.IO.Path.GetFileName(e)) && new FileInfo(e).Length > 0))
            {
                throw new InvalidOperationException($"'{path}' has outputs but no {RunFiles.Journal}: it is not a MidTrain run directory that can be resumed");
            }

            return Fresh(path);
        }

        RunSettlement.Recover(path);
        var (done, inputs) = ReadJournal(journalPath);
        var kept = new long[RunFiles.Outputs.Count];
        for (var i = 0; i < RunFiles.Outputs.Count; i++)
        {
            kept[i] = KeepFinished(System.IO.Path.Combine(path, RunFiles.Outputs[i]), done);
        }

        return new RunDirectory(path, done, inputs, (kept[0], kept[1], kept[2]), resumed: true);
    }

    /// <summary>The keys journaled as done (input records and groups), and how many of them are input records.</summary>
    private static RunDirectory Fresh(string path)
    {
        Directory.CreateDirectory(path);
        return new RunDirectory(path, [], 0, (0, 0, 0), resumed: false);
    }

    private static (HashSet<ulong> Done, int Inputs) ReadJournal(string journalPath)
    {
        using (var stream = new FileStream(journalPath, FileMode.Open, FileAccess.ReadWrite))
        {
            JsonlWriter.TruncateTornTail(stream);
        }

        var done = new HashSet<ulong>();
        var inputs = 0;
        var keys = new List<(string Key, bool Input)>();
        using var reader = JsonlLineReader.Open(journalPath);
        while (reader.TryRead(out var line))
        {
            if (line.Error is not null || !ReadDoneKeys(line.Bytes.Span, keys))
            {
                continue;
            }

            foreach (var (key, input) in keys)
            {
                if (done.Add(ContentHash.Fnv1a64(key)) && input)
                {
                    inputs++;
                }
            }
        }

        return (done, inputs);
    }

    /// <summary>Reads the keys of one journal line into <paramref name="keys"/>; false when the line has no <c>done</c> key.</summary>
    private static bool ReadDoneKeys(ReadOnlySpan<byte> line, List<(string Key, bool Input)> keys)
    {
        keys.Clear();
        var hasDone = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("done"u8))
                {
                    reader.Read();
                    if (reader.GetString() is { } key)
                    {
                        keys.Add((key, true));
                        hasDone = true;
                    }
                }
                else if (reader.ValueTextEquals("with"u8) || reader.ValueTextEquals("groups"u8))
                {
                    var input = reader.ValueTextEquals("with"u8);
                    reader.Read();
                    while (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        keys.Add((reader.GetString()!, input));
                    }
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return hasDone;
    }

    /// <summary>Rewrites <paramref name="file"/> keeping only lines of finished records; returns the lines kept.</summary>
    private static long KeepFinished(string file, HashSet<ulong> done)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        var temp = file + ".resume-tmp";
        long kept = 0, dropped = 0;
        using (var reader = JsonlLineReader.Open(file))
        using (var writer = JsonlWriter.Create(temp))
        {
            while (reader.TryRead(out var line))
            {
                var key = line.Error is null ? PayloadJson.RootKeyOf(line.Bytes.Span) : null;
                if (key is not null && done.Contains(ContentHash.Fnv1a64(key)))
                {
                    writer.WriteRaw(line.Bytes.Span);
                    kept++;
                }
                else
                {
                    dropped++;
                }
            }

            writer.Flush(toDisk: true);
        }

        File.Move(temp, file, overwrite: true);
        return kept;
    }

    /// <inheritdoc />
    public void WriteAccepted(RootRecord root, object payload) => _accepted.Write(w => PayloadJson.Write(w, payload));

    /// <inheritdoc />
    public void WriteRejected(RootRecord root, object payload, Rejection rejection) => _rejected.Write(w =>
    {
        w.WriteStartObject();
        PayloadJson.WriteProperties(w, payload);
        w.WritePropertyName("rejection");
        JsonSerializer.Serialize(w, rejection, JsonDefaults.Options);
        w.WriteEndObject();
    });

    /// <inheritdoc />
    public void WriteFailed(RootRecord root, object? payload, ItemFailure failure) => _failed.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("root", root.Key);
        w.WriteString("stage", failure.Stage);
        w.WriteString("kind", failure.Kind);
        w.WriteString("message", failure.Message);
        if (root.File is not null)
        {
            w.WriteString("file", root.File);
        }

        if (root.Line > 0)
        {
            w.WriteNumber("line", root.Line);
        }

        if (failure.Raw is not null)
        {
            w.WriteString("raw", failure.Raw);
        }

        if (payload is not null)
        {
            w.WritePropertyName("record");
            PayloadJson.Write(w, payload);
        }

        w.WriteEndObject();
    });

    /// <inheritdoc />
    public void MarkDone(RootRecord root) => _pendingDone.Add(root);

    /// <inheritdoc />
    public void Checkpoint()
    {
        // Outputs first: a record is journaled only once all of its lines have reached the file system.
        _accepted.Flush();
        _rejected.Flush();
        _failed.Flush();
        if (_pendingDone.Count == 0)
        {
            return;
        }

        foreach (var root in _pendingDone)
        {
            _journal.Write(w => WriteJournalLine(w, root));
        }

        _pendingDone.Clear();
        _journal.Flush();
    }

    /// <summary><c>{"done": KEY}</c>, or for a gathered unit its first input record, the others (<c>with</c>) and its groups.</summary>
    private static void WriteJournalLine(Utf8JsonWriter writer, RootRecord root)
    {
        writer.WriteStartObject();
        var unit = root.FinishedWith;
        if (unit.Count == 1)
        {
            writer.WriteString("done", unit[0].Key);
            writer.WriteEndObject();
            return;
        }

        var inputs = unit.Where(r => !r.IsGroup).ToList();
        writer.WriteString("done", inputs[0].Key);
        writer.WriteStartArray("with");
        foreach (var other in inputs.Skip(1))
        {
            writer.WriteStringValue(other.Key);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("groups");
        foreach (var group in unit.Where(r => r.IsGroup))
        {
            writer.WriteStringValue(group.Key);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="manifest"/> atomically (temp file + rename).</summary>
    public void WriteManifest(JsonObject manifest) => WriteAtomically(RunFiles.Manifest, manifest.ToJsonString(new JsonSerializerOptions(JsonDefaults.Options) { WriteIndented = true }) + "\n");

    /// <summary>Reads the manifest of an earlier run, or null.</summary>
    public JsonObject? ReadManifest()
    {
        var path = System.IO.Path.Combine(Path, RunFiles.Manifest);
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes a text file of the run atomically.</summary>
    public void WriteAtomically(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Flushes everything to disk (fsync) — called once at the end of a run.</summary>
    public void FlushToDisk()
    {
        Checkpoint();
        _accepted.Flush(toDisk: true);
        _rejected.Flush(toDisk: true);
        _failed.Flush(toDisk: true);
        _journal.Flush(toDisk: true);
    }

    /// <summary>Flushes and closes the output files (so they can be rewritten in place, e.g. by a settlement); idempotent.</summary>
    public void CloseOutputs()
    {
        FlushToDisk();
        Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _accepted.Dispose();
        _rejected.Dispose();
        _failed.Dispose();
        _journal.Dispose();
    }
}
