using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// Applies run-level rejections (<see cref="IRunLevelDecisions"/>) to a run directory's outputs: a sample to reject
/// leaves accepted.jsonl or failed.jsonl for rejected.jsonl, and a rejected sample gets the final rejection. Lines keep
/// their root, so the journal and the exactly-once accounting are unchanged. A sample accepted twice (the same id, e.g.
/// in runs combined by <c>midtrain dedup</c>) keeps its first line; the others are rejected as exact duplicates. Crash-safe: the new files are written
/// beside the old ones and fsynced, a commit marker is written atomically, then the files are renamed; a run directory
/// opened after a crash finishes a committed settlement or discards an uncommitted one (<see cref="Recover"/>).
/// Streams the files (memory: the rejections only). Stateless.
/// </summary>
public static class RunSettlement
{
    /// <summary>The commit marker's file name.</summary>
    public const string CommitMarker = "settlement.commit";

    private const string Suffix = ".settle";

    /// <summary>Finishes or discards a settlement a crash interrupted in <paramref name="directory"/>.</summary>
    public static void Recover(string directory)
    {
        var marker = Path.Combine(directory, CommitMarker);
        foreach (var file in RunFiles.Outputs)
        {
            var path = Path.Combine(directory, file);
            if (File.Exists(path + Suffix))
            {
                if (File.Exists(marker))
                {
                    File.Move(path + Suffix, path, overwrite: true);
                }
                else
                {
                    File.Delete(path + Suffix);
                }
            }
        }

        File.Delete(marker);
    }

    /// <summary>The samples in a run directory's outputs (accepted lines, rejected lines, failed lines' records).</summary>
    public static IEnumerable<Sample> Samples(string directory)
    {
        foreach (var (file, line) in RunFiles.ReadableLines(directory, RunFiles.Outputs))
        {
            if (ReadSample(line.Bytes.Span, file == RunFiles.Failed) is { } sample)
            {
                yield return sample;
            }
        }
    }

    /// <summary>
    /// Rejects the samples named in <paramref name="rejections"/> wherever they are in <paramref name="directory"/>'s
    /// outputs. Does nothing (and writes nothing) when the outputs already agree.
    /// </summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="rejections">The rejection of each sample to reject, by id.</param>
    /// <param name="sameSample">The rejection of a second accepted line of the same sample, by its id.</param>
    /// <param name="cancellationToken">Stops between lines (the outputs are then unchanged).</param>
    public static SettlementResult Apply(string directory, IReadOnlyDictionary<string, Rejection> rejections, Func<string, Rejection> sameSample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentNullException.ThrowIfNull(sameSample);
        if (!NeedsChange(directory, rejections, cancellationToken))
        {
            return SettlementResult.None;
        }

        Recover(directory);
        long fromAccepted = 0, fromFailed = 0, relabelled = 0;
        var moved = Path.Combine(directory, "moved" + Suffix);
        using (var movedWriter = JsonlWriter.Create(moved))
        {
            fromAccepted = Split(directory, RunFiles.Accepted, rejections, sameSample, movedWriter, failed: false, cancellationToken);
            fromFailed = Split(directory, RunFiles.Failed, rejections, null, movedWriter, failed: true, cancellationToken);
            movedWriter.Flush(toDisk: true);
        }

        var rejectedPath = Path.Combine(directory, RunFiles.Rejected);
        using (var writer = JsonlWriter.Create(rejectedPath + Suffix))
        {
            relabelled = Copy(rejectedPath, writer, line => ReadSample(line, failed: false) is { } sample && rejections.TryGetValue(sample.Id, out var rejection)
                ? WithRejection(line, rejection, failed: false) : null, cancellationToken, countReplaced: true);
            Copy(moved, writer, _ => null, cancellationToken, countReplaced: false);
            writer.Flush(toDisk: true);
        }

        File.Delete(moved);
        var marker = Path.Combine(directory, CommitMarker);
        File.WriteAllText(marker + ".tmp", string.Join('\n', RunFiles.Outputs));
        File.Move(marker + ".tmp", marker, overwrite: true);
        Recover(directory);
        return new SettlementResult(fromAccepted, fromFailed, relabelled);
    }

    private static bool NeedsChange(string directory, IReadOnlyDictionary<string, Rejection> rejections, CancellationToken cancellationToken)
    {
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, line) in RunFiles.ReadableLines(directory, RunFiles.Outputs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadSample(line.Bytes.Span, file == RunFiles.Failed) is not { } sample)
            {
                continue;
            }

            if (file == RunFiles.Accepted && !accepted.Add(sample.Id))
            {
                return true;
            }

            if (!rejections.TryGetValue(sample.Id, out var rejection))
            {
                continue;
            }

            if (file != RunFiles.Rejected || !SameRejection(line.Bytes.Span, rejection))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites <paramref name="file"/> without the lines of rejected samples, which go to <paramref name="moved"/> as rejected lines.</summary>
    private static long Split(string directory, string file, IReadOnlyDictionary<string, Rejection> rejections, Func<string, Rejection>? sameSample, JsonlWriter moved, bool failed, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, file);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long count = 0;
        using var kept = JsonlWriter.Create(path + Suffix);
        if (File.Exists(path))
        {
            using var reader = JsonlLineReader.Open(path);
            while (reader.TryRead(out var line))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sample = line.Error is null ? ReadSample(line.Bytes.Span, failed) : null;
                var rejection = sample is null ? null
                    : rejections.TryGetValue(sample.Id, out var found) ? found
                    : sameSample is not null && !seen.Add(sample.Id) ? sameSample(sample.Id)
                    : null;
                if (rejection is not null)
                {
                    moved.WriteRaw(WithRejection(line.Bytes.Span, rejection, failed));
                    count++;
                }
                else
                {
                    kept.WriteRaw(line.Bytes.Span);
                }
            }
        }

        kept.Flush(toDisk: true);
        return count;
    }

    private static long Copy(string path, JsonlWriter writer, Func<ReadOnlySpan<byte>, byte[]?> replace, CancellationToken cancellationToken, bool countReplaced)
    {
        long replaced = 0;
        if (!File.Exists(path))
        {
            return 0;
        }

        using var reader = JsonlLineReader.Open(path);
        while (reader.TryRead(out var line))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var replacement = line.Error is null ? replace(line.Bytes.Span) : null;
            if (replacement is not null && !SameBytes(replacement, line.Bytes.Span))
            {
                replaced++;
            }

            writer.WriteRaw(replacement ?? line.Bytes.ToArray());
        }

        return countReplaced ? replaced : 0;
    }

    private static bool SameBytes(byte[] a, ReadOnlySpan<byte> b) => a.AsSpan().SequenceEqual(b);

    /// <summary>The sample of a line: the line itself (accepted, rejected) or its <c>record</c> (failed); null for other payloads.</summary>
    private static Sample? ReadSample(ReadOnlySpan<byte> line, bool failed)
    {
        try
        {
            var node = JsonNode.Parse(line);
            var payload = failed ? node?["record"] : node;
            return payload is JsonObject { } obj && obj["messages"] is JsonArray && obj["source"] is JsonObject && obj["id"] is JsonValue
                ? obj.Deserialize<Sample>(JsonDefaults.Options)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool SameRejection(ReadOnlySpan<byte> line, Rejection rejection)
    {
        var node = JsonNode.Parse(line);
        return JsonNode.DeepEquals(node?["rejection"], JsonSerializer.SerializeToNode(rejection, JsonDefaults.Options));
    }

    /// <summary>The rejected line of a sample: its properties (a failed line's record) followed by the rejection.</summary>
    private static byte[] WithRejection(ReadOnlySpan<byte> line, Rejection rejection, bool failed)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        var sample = failed ? node["record"]!.AsObject() : node;
        var result = new JsonObject();
        foreach (var (key, value) in sample)
        {
            if (key != "rejection")
            {
                result[key] = value?.DeepClone();
            }
        }

        result["rejection"] = JsonSerializer.SerializeToNode(rejection, JsonDefaults.Options);
        return Encoding.UTF8.GetBytes(result.ToJsonString(JsonDefaults.Options));
    }
}
