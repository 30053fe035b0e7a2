using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MidTrain.Classifiers.Model;
using MidTrain.Core.Files;
using MidTrain.Core.Jsonl;

namespace MidTrain.Classifiers.Apply;

/// <summary>
/// Scores every line of a JSONL file with a <see cref="QualityClassifier"/> and keeps or rejects it, at corpus scale:
/// lines are read in batches by one thread, batches are scored on up to <see cref="ClassifierApplyOptions.Concurrency"/>
/// cores at once (bounded look-ahead, so memory stays flat), and written in input order. Each output line is its input
/// line with the score appended as one more field (the line's bytes are kept as they were, not re-serialised), so the
/// output reads back as a corpus whose metadata holds the score. Lines scoring at least the min score go to the output,
/// the others to the rejected file; a line that is not a JSON object with a string text field goes to the rejected file
/// as <c>{"quality_error", "raw"}</c>. Every input line is counted exactly once. Not thread-safe per call; calls are independent.
/// </summary>
public static class ClassifierFileRunner
{
    private const int BadExamplesKept = 20;

    /// <summary>Scores <paramref name="inPath"/> into <paramref name="outPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    public static async Task<ClassifierApplySummary> RunAsync(QualityClassifier classifier, string inPath, string outPath, ClassifierApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        options ??= new ClassifierApplyOptions();
        options.Validate();
        if (!File.Exists(inPath))
        {
            throw new FileNotFoundException($"input not found: {inPath}", inPath);
        }

        var minScore = options.MinScore ?? classifier.Threshold;
        var concurrency = classifier.IsParallel ? options.Concurrency : 1;
        var textField = Encoding.UTF8.GetBytes(options.TextField);
        var scoreProperty = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(options.ScoreField, JsonDefaults.Options) + ":");
        var scoreField = Encoding.UTF8.GetBytes(options.ScoreField);
        var window = Channel.CreateBounded<Task<Batch>>(new BoundedChannelOptions(concurrency * 2) { SingleReader = true, SingleWriter = true });
        using var gate = new SemaphoreSlim(concurrency);
        // Written batches come back to be refilled: their buffers keep their size, so a run allocates a handful of
        // batches rather than megabytes per batch (which cost more than scoring did).
        var free = new ConcurrentQueue<Batch>();
        long bytes = 0;

        var producer = Task.Run(async () =>
        {
            try
            {
                using var reader = JsonlLineReader.Open(inPath);
                var batch = Take(free);
                while (reader.TryRead(out var line))
                {
                    batch.Add(line);
                    if (batch.Count >= options.BatchLines)
                    {
                        await StartAsync(batch).ConfigureAwait(false);
                        batch = Take(free);
                    }
                }

                if (batch.Count > 0)
                {
                    await StartAsync(batch).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref bytes, reader.BytesRead);
                window.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                window.Writer.TryComplete(ex);
            }
        }, cancellationToken);

        async Task StartAsync(Batch batch)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            var task = Task.Run(() =>
            {
                try
                {
                    batch.Score(classifier, inPath, textField, scoreField, scoreProperty, minScore, cancellationToken);
                    return batch;
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken);
            await window.Writer.WriteAsync(task, cancellationToken).ConfigureAwait(false);
        }

        long lines = 0, kept = 0, rejected = 0, bad = 0;
        double scoreSum = 0;
        var examples = new List<string>();
        await using (var output = Create(outPath))
        await using (var rejects = options.RejectedPath is null ? null : Create(options.RejectedPath))
        {
            await foreach (var task in window.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = await task.ConfigureAwait(false);
                output.Write(batch.Kept.WrittenSpan);
                rejects?.Write(batch.Rejected.WrittenSpan);
                lines += batch.Count;
                kept += batch.KeptCount;
                rejected += batch.RejectedCount;
                bad += batch.BadCount;
                scoreSum += batch.ScoreSum;
                foreach (var example in batch.BadExamples)
                {
                    if (examples.Count < BadExamplesKept)
                    {
                        examples.Add(example);
                    }
                }

                batch.Reset();
                free.Enqueue(batch);
            }
        }

        await producer.ConfigureAwait(false);
        var scored = kept + rejected;
        return new ClassifierApplySummary(lines, kept, rejected, bad, Interlocked.Read(ref bytes), scored == 0 ? double.NaN : scoreSum / scored, examples);
    }

    private static Batch Take(ConcurrentQueue<Batch> free) => free.TryDequeue(out var batch) ? batch : new Batch();

    private static FileStream Create(string path)
    {
        OutputFolder.EnsureFor(path);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
    }

    /// <summary>A run of input lines copied out of the reader's buffer, and what scoring them wrote.</summary>
    private sealed class Batch
    {
        private readonly List<(int Start, int Length, long Number, string? Error)> _lines = [];
        private byte[] _input = new byte[1 << 16];
        private byte[] _unescaped = [];
        private int _used;

        public int Count => _lines.Count;

        public ArrayBufferWriter<byte> Kept { get; } = new();

        public ArrayBufferWriter<byte> Rejected { get; } = new();

        public long KeptCount { get; private set; }

        public long RejectedCount { get; private set; }

        public long BadCount { get; private set; }

        public double ScoreSum { get; private set; }

        public List<string> BadExamples { get; } = [];

        /// <summary>Empties the batch for reuse, keeping its buffers.</summary>
        public void Reset()
        {
            _lines.Clear();
            _used = 0;
            Kept.ResetWrittenCount();
            Rejected.ResetWrittenCount();
            KeptCount = 0;
            RejectedCount = 0;
            BadCount = 0;
            ScoreSum = 0;
            BadExamples.Clear();
        }

        public void Add(JsonlLine line)
        {
            var span = line.Bytes.Span;
            if (_used + span.Length > _input.Length)
            {
                Array.Resize(ref _input, Math.Max(_input.Length * 2, _used + span.Length));
            }

            span.CopyTo(_input.AsSpan(_used));
            _lines.Add((_used, span.Length, line.Number, line.Error));
            _used += span.Length;
        }

        public void Score(QualityClassifier classifier, string file, byte[] textField, byte[] scoreField, byte[] scoreProperty, double minScore, CancellationToken cancellationToken)
        {
            Span<byte> number = stackalloc byte[32];
            foreach (var (start, length, lineNumber, error) in _lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = _input.AsSpan(start, length);
                int textStart = 0, textLength = 0, closing = 0;
                bool unescaped = false, hasScore = false, empty = true;
                var problem = error is not null ? error : Locate(line, textField, scoreField, out textStart, out textLength, out unescaped, out closing, out hasScore, out empty);
                if (problem is not null)
                {
                    Bad(line, $"{file}:{lineNumber}: {problem}");
                    continue;
                }

                // The text's bytes as they are in the line, or unescaped: scored as UTF-8, never decoded to a string.
                var text = unescaped ? _unescaped.AsSpan(0, textLength) : line.Slice(textStart, textLength);
                var score = classifier.ScoreUtf8(text);
                var target = score >= minScore ? Kept : Rejected;
                if (hasScore)
                {
                    // The line already carries the field: rewrite it (rare; e.g. re-scoring an output file).
                    var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
                    node[Encoding.UTF8.GetString(scoreField)] = Math.Round(score, 4);
                    target.Write(Encoding.UTF8.GetBytes(node.ToJsonString(JsonDefaults.Options)));
                }
                else
                {
                    target.Write(line[..closing]);
                    if (!empty)
                    {
                        target.Write(","u8);
                    }

                    target.Write(scoreProperty);
                    Math.Round(score, 4).TryFormat(number, out var written, "0.####", CultureInfo.InvariantCulture);
                    target.Write(number[..written]);
                    target.Write(line[closing..]);
                }

                target.Write("\n"u8);
                ScoreSum += score;
                if (target == Kept)
                {
                    KeptCount++;
                }
                else
                {
                    RejectedCount++;
                }
            }
        }

        private void Bad(ReadOnlySpan<byte> line, string message)
        {
            BadCount++;
            if (BadExamples.Count < BadExamplesKept)
            {
                BadExamples.Add(message);
            }

            using var writer = new Utf8JsonWriter(Rejected, JsonDefaults.WriterOptions);
            writer.WriteStartObject();
            writer.WriteString("quality_error", message);
            writer.WriteString("raw", Encoding.UTF8.GetString(line));
            writer.WriteEndObject();
            writer.Flush();
            Rejected.Write("\n"u8);
        }

        /// <summary>
        /// Finds the text field of a top-level object and the position of its closing brace; null when usable. The text
        /// is where it stands in the line (<paramref name="textStart"/>) unless it has escapes; then it is unescaped
        /// into <see cref="_unescaped"/> (<paramref name="unescaped"/>).
        /// </summary>
        private string? Locate(ReadOnlySpan<byte> line, byte[] textField, byte[] scoreField, out int textStart, out int textLength, out bool unescaped, out int closing, out bool hasScore, out bool empty)
        {
            textStart = 0;
            textLength = 0;
            unescaped = false;
            closing = -1;
            hasScore = false;
            empty = true;
            var found = false;
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return "not a JSON object";
                }

                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        closing = (int)reader.TokenStartIndex;
                        break;
                    }

                    empty = false;
                    var isText = reader.ValueTextEquals(textField);
                    hasScore |= reader.ValueTextEquals(scoreField);
                    reader.Read();
                    if (isText)
                    {
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            return $"field '{Encoding.UTF8.GetString(textField)}': must be a string, got {reader.TokenType}";
                        }

                        // The reader reads one contiguous line: the value is a span, not a sequence.
                        if (reader.ValueIsEscaped)
                        {
                            if (_unescaped.Length < reader.ValueSpan.Length)
                            {
                                _unescaped = new byte[Math.Max(reader.ValueSpan.Length, _unescaped.Length * 2)];
                            }

                            try
                            {
                                textLength = reader.CopyString(_unescaped);
                            }
                            catch (InvalidOperationException ex)
                            {
                                // An escaped lone surrogate (\ud800): no text to score.
                                return $"field '{Encoding.UTF8.GetString(textField)}': {ex.Message}";
                            }

                            unescaped = true;
                        }
                        else
                        {
                            textStart = (int)reader.TokenStartIndex + 1; // after the opening quote
                            textLength = reader.ValueSpan.Length;
                            unescaped = false;
                        }

                        found = true;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (reader.Read() || closing < 0)
                {
                    return "invalid JSON: content after the object";
                }
            }
            catch (JsonException ex)
            {
                return $"invalid JSON: {ex.Message}";
            }

            return found ? null : $"field '{Encoding.UTF8.GetString(textField)}': missing";
        }
    }
}
