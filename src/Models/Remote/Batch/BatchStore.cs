using System.Text.Json;
using MidTrain.Core.Jsonl;

namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// A model's batch state in the run directory (<c>batches/MODEL/</c>), kept by the run directory's crash-safety rules:
/// <c>state.jsonl</c> is append-only, each event flushed to disk before the step it records is taken for done (a torn
/// last line is dropped on open), and result files (<c>BATCH.output.jsonl</c>, <c>BATCH.errors.jsonl</c>) are
/// downloaded beside their final name and renamed before the batch is recorded as ended. Events: <c>submitting</c>
/// (file id and the custom ids in it, written before the batch is created), <c>created</c> (batch id), <c>ended</c>
/// (final status and file ids), <c>abandoned</c>. Thread-safe (one lock).
/// </summary>
internal sealed class BatchStore : IDisposable
{
    public const string StateFile = "state.jsonl";

    private readonly JsonlWriter _state;
    private readonly List<BatchSubmission> _submissions;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    public BatchStore(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        DirectoryPath = directory;
        _time = time;
        var path = Path.Combine(directory, StateFile);
        _state = JsonlWriter.Append(path); // repairs a torn last line first
        _submissions = Load(path).ToList();
    }

    public string DirectoryPath { get; }

    /// <summary>Every submission recorded, in order.</summary>
    public IReadOnlyList<BatchSubmission> Submissions
    {
        get
        {
            lock (_gate)
            {
                return _submissions.ToArray();
            }
        }
    }

    public string OutputPath(string batchId) => Path.Combine(DirectoryPath, Safe(batchId) + ".output.jsonl");

    public string ErrorPath(string batchId) => Path.Combine(DirectoryPath, Safe(batchId) + ".errors.jsonl");

    /// <summary>Records an uploaded input file about to become a batch.</summary>
    public BatchSubmission Submitting(string id, string fileId, IReadOnlyList<string> customIds)
    {
        var submission = new BatchSubmission(id, fileId, customIds, _time.GetUtcNow());
        Append(w =>
        {
            w.WriteString("event", "submitting");
            w.WriteString("submission", id);
            w.WriteString("file", fileId);
            w.WriteString("at", submission.SubmittedAt.ToString("O"));
            w.WriteStartArray("custom_ids");
            foreach (var customId in customIds)
            {
                w.WriteStringValue(customId);
            }

            w.WriteEndArray();
        }, () => _submissions.Add(submission));
        return submission;
    }

    public void Created(BatchSubmission submission, string batchId) => Append(
        w =>
        {
            w.WriteString("event", "created");
            w.WriteString("submission", submission.Id);
            w.WriteString("batch", batchId);
            w.WriteString("at", _time.GetUtcNow().ToString("O"));
        },
        () =>
        {
            submission.BatchId = batchId;
            submission.State = BatchSubmissionState.Created;
        });

    /// <summary>Records the final status; call once the result files are saved.</summary>
    public void Ended(BatchSubmission submission, BatchInfo info) => Append(
        w =>
        {
            w.WriteString("event", "ended");
            w.WriteString("submission", submission.Id);
            w.WriteString("batch", info.Id);
            w.WriteString("status", info.Status);
            w.WriteString("output_file", info.OutputFileId);
            w.WriteString("error_file", info.ErrorFileId);
            w.WriteString("at", _time.GetUtcNow().ToString("O"));
        },
        () =>
        {
            submission.State = BatchSubmissionState.Ended;
            submission.FinalStatus = info.Status;
            submission.OutputFileId = info.OutputFileId;
            submission.ErrorFileId = info.ErrorFileId;
        });

    public void Abandoned(BatchSubmission submission) => Append(
        w =>
        {
            w.WriteString("event", "abandoned");
            w.WriteString("submission", submission.Id);
            w.WriteString("at", _time.GetUtcNow().ToString("O"));
        },
        () => submission.State = BatchSubmissionState.Abandoned);

    public void Dispose()
    {
        lock (_gate)
        {
            _state.Dispose();
        }
    }

    /// <summary>Reads the submissions of a state file without opening it for writing (for <c>midtrain batches</c>).</summary>
    public static IReadOnlyList<BatchSubmission> Read(string directory)
    {
        var path = Path.Combine(directory, StateFile);
        return File.Exists(path) ? Load(path).ToList() : [];
    }

    private void Append(Action<Utf8JsonWriter> fields, Action apply)
    {
        lock (_gate)
        {
            _state.Write(w =>
            {
                w.WriteStartObject();
                fields(w);
                w.WriteEndObject();
            });
            _state.Flush(toDisk: true);
            apply();
        }
    }

    private static IEnumerable<BatchSubmission> Load(string path)
    {
        var byId = new Dictionary<string, BatchSubmission>(StringComparer.Ordinal);
        var order = new List<BatchSubmission>();
        using (var reader = JsonlLineReader.Open(path))
        {
            while (reader.TryRead(out var line))
            {
                if (line.Error is not null)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line.Bytes);
                var e = json.RootElement;
                var id = e.GetProperty("submission").GetString()!;
                switch (e.GetProperty("event").GetString())
                {
                    case "submitting":
                        var submission = new BatchSubmission(id, e.GetProperty("file").GetString()!, e.GetProperty("custom_ids").EnumerateArray().Select(c => c.GetString()!).ToArray(),
                            DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                        byId[id] = submission;
                        order.Add(submission);
                        break;
                    case "created" when byId.TryGetValue(id, out var created):
                        created.BatchId = e.GetProperty("batch").GetString();
                        created.State = BatchSubmissionState.Created;
                        break;
                    case "ended" when byId.TryGetValue(id, out var ended):
                        ended.BatchId = e.GetProperty("batch").GetString();
                        ended.State = BatchSubmissionState.Ended;
                        ended.FinalStatus = e.GetProperty("status").GetString();
                        ended.OutputFileId = e.TryGetProperty("output_file", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
                        ended.ErrorFileId = e.TryGetProperty("error_file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                        break;
                    case "abandoned" when byId.TryGetValue(id, out var abandoned):
                        abandoned.State = BatchSubmissionState.Abandoned;
                        break;
                }
            }
        }

        return order;
    }

    private static string Safe(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
