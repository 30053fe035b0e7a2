using System.Globalization;
using System.Text;
using System.Text.Json;
using MidTrain.Core.Configuration;
using MidTrain.Core.Files;
using MidTrain.Core.Jsonl;
using MidTrain.Datasets.Cards;
using MidTrain.Datasets.Parquet;
using MidTrain.Datasets.Preference;
using MidTrain.Datasets.Reading;
using MidTrain.Datasets.Statistics;
using ParquetCompression = Parquet.CompressionMethod;

namespace MidTrain.Datasets.Export;

/// <summary>
/// <c>midtrain export</c>: turns a finished run directory into a dataset directory: Hugging Face–ready Parquet shards
/// (<c>data/train-0000k-of-0000n.parquet</c>, optionally <c>data/rejected-…</c>), chat <c>messages</c> JSONL or
/// <c>preference</c> pairs, each with a dataset card (<c>README.md</c>) whose <c>configs</c> name the data files.
/// The run directory is refused (<see cref="DatasetException"/>) when it is unfinished, torn, missing a file or
/// changed since the run; the output directory when it is not empty (unless <see cref="ExportOptions.Overwrite"/>).
/// Everything is written to a temporary folder beside the output and renamed into place at the end, so a failed or
/// interrupted export leaves nothing that looks done. Files are streamed: memory holds one row group (Parquet), plus
/// one entry per distinct passage (the card's counts) and, for <c>preference</c>, one entry per distinct prompt.
/// One export per instance at a time.
/// </summary>
public sealed class DatasetExporter
{
    private readonly ExportOptions _options;

    /// <summary>Creates an exporter; the options are validated here.</summary>
    /// <exception cref="OptionsValidationException">An option is invalid.</exception>
    public DatasetExporter(ExportOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Exports <paramref name="runDirectory"/> into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="DatasetException">The run directory or the output directory cannot be used; nothing was written.</exception>
    public async Task<ExportResult> ExportAsync(string runDirectory, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var source = RunSource.Open(runDirectory);
        var output = Path.GetFullPath(outputDirectory);
        CheckOutput(Path.GetFullPath(runDirectory), output);
        using var staged = StagedDirectory.Create(output, "exporting");
        var temp = staged.Path;
        var tally = RunCard.NewTally(source.View);
        var profile = new SampleProfile();
        var filter = new SampleFilter(_options.Where, _options.MinScore);
        var (files, rows, rejectedRows, considered, notes) = _options.Format switch
        {
            ExportFormat.Hf => await WriteParquetAsync(source, temp, tally, profile, filter, cancellationToken).ConfigureAwait(false),
            ExportFormat.Messages => WriteMessages(source, temp, tally, profile, filter, cancellationToken),
            _ => WritePreference(source, temp, tally, profile, filter, cancellationToken),
        };

        var description = new ExportDescription(FormatName(_options.Format), Arguments(), notes);
        await File.WriteAllTextAsync(Path.Combine(temp, RunLayout.Card), DatasetCard.Render(source.View, tally, profile, files, description), cancellationToken).ConfigureAwait(false);
        staged.Publish(replace: true);
        return new ExportResult(output, files.SelectMany(f => f.Paths).ToArray(), rows, rejectedRows, considered);
    }

    /// <summary>The CLI name of <paramref name="format"/>.</summary>
    public static string FormatName(ExportFormat format) => format switch
    {
        ExportFormat.Hf => "hf",
        ExportFormat.Messages => "messages",
        _ => "preference",
    };

    private void CheckOutput(string run, string output)
    {
        var relative = Path.GetRelativePath(output, run);
        if (relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)))
        {
            throw new DatasetException($"--out {output}: holds the run directory {run}; choose a folder outside it");
        }

        if (File.Exists(output))
        {
            throw new DatasetException($"--out {output}: is a file; give a directory");
        }

        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !_options.Overwrite)
        {
            throw new DatasetException($"--out {output}: exists and is not empty; choose another directory or pass --overwrite to replace it");
        }
    }

    private IReadOnlyList<string> Arguments()
    {
        var arguments = new List<string>();
        if (_options.Format == ExportFormat.Hf)
        {
            if (_options.ShardSizeMb != 500)
            {
                arguments.Add("--shard-size-mb " + _options.ShardSizeMb.ToString(CultureInfo.InvariantCulture));
            }

            if (_options.Compression != "snappy")
            {
                arguments.Add("--compression " + _options.Compression);
            }

            if (_options.IncludeRejected)
            {
                arguments.Add("--include rejected");
            }
        }

        if (_options.Format == ExportFormat.Preference && _options.MinMargin != 1.0)
        {
            arguments.Add("--min-margin " + _options.MinMargin.ToString(CultureInfo.InvariantCulture));
        }

        arguments.AddRange(_options.MinScore.Select(s => $"--min-score {s}"));
        arguments.AddRange(_options.Where.Select(w => $"--where {Quote(w.ToString())}"));
        if (_options.Limit is { } limit)
        {
            arguments.Add("--limit " + limit.ToString(CultureInfo.InvariantCulture));
        }

        return arguments;
    }

    private static string Quote(string argument) => argument.All(c => char.IsLetterOrDigit(c) || c is '=' or '_' or '-' or '.' or '/') ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private List<string> FilterNotes(long written, long considered, string unit)
    {
        var notes = new List<string>();
        if (!_options.Where.Count.Equals(0) || _options.MinScore.Count > 0 || _options.Limit is not null)
        {
            var filters = _options.Where.Select(w => $"`{w}`").Concat(_options.MinScore.Select(s => $"score `{s}`")).ToList();
            if (_options.Limit is { } limit)
            {
                filters.Add($"at most {limit.ToString("N0", CultureInfo.InvariantCulture)} {unit}");
            }

            notes.Add($"Filtered: {string.Join(", ", filters)}; {written.ToString("N0", CultureInfo.InvariantCulture)} {unit} written from {considered.ToString("N0", CultureInfo.InvariantCulture)} accepted samples.");
        }

        return notes;
    }

    private async Task<(IReadOnlyList<DataFileSet>, long, long, long, IReadOnlyList<string>)> WriteParquetAsync(
        RunSource source, string temp, RunTally tally, SampleProfile profile, SampleFilter filter, CancellationToken cancellationToken)
    {
        // Attribute keys become struct fields, so they must be known before the first row group: one light pass
        // that reads only each line's attributes object.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        AttributeKeys.Collect(source.PathOf(RunLayout.Accepted), keys);
        if (_options.IncludeRejected)
        {
            AttributeKeys.Collect(source.PathOf(RunLayout.Rejected), keys);
        }

        if (keys.FirstOrDefault(k => k.Contains('.', StringComparison.Ordinal) || k.Length == 0) is { } badKey)
        {
            throw new DatasetException($"{source.PathOf(RunLayout.Accepted)}: attribute '{badKey}' cannot be a Parquet column name (empty or with a '.')");
        }

        var data = Path.Combine(temp, "data");
        var compression = _options.Compression == "snappy" ? ParquetCompression.Snappy : ParquetCompression.Zstd;
        var shardBytes = (long)(_options.ShardSizeMb * 1024 * 1024);
        var rowGroupBytes = (long)(_options.RowGroupMb * 1024 * 1024);
        var files = new List<DataFileSet>();
        long considered = 0;
        await using (var train = new ParquetShardWriter(data, "train", () => new SampleColumns(keys.ToArray(), withRejection: false), shardBytes, rowGroupBytes, compression))
        {
            var lines = await ReadAsync(source, RunLayout.Accepted, async (row, length) =>
            {
                tally.AddAccepted(row);
                RequireSample(source, RunLayout.Accepted, row);
                considered++;
                if ((_options.Limit is not { } limit || train.Rows < limit) && filter.Matches(row))
                {
                    profile.Add(row);
                    await train.AddAsync(row, length, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            source.CheckCount(RunLayout.Accepted, lines);
            var shards = await train.CompleteAsync(cancellationToken).ConfigureAwait(false);
            files.Add(new DataFileSet("default", "train", shards.Select(s => "data/" + s.File).ToArray(), train.Rows));
        }

        long rejectedRows = 0;
        if (_options.IncludeRejected)
        {
            await using var rejected = new ParquetShardWriter(data, "rejected", () => new SampleColumns(keys.ToArray(), withRejection: true), shardBytes, rowGroupBytes, compression);
            var lines = await ReadAsync(source, RunLayout.Rejected, async (row, length) =>
            {
                tally.AddRejected(row);
                if (JsonFields.IsSample(row) && (_options.Limit is not { } limit || rejected.Rows < limit) && filter.Matches(row))
                {
                    await rejected.AddAsync(row, length, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
            source.CheckCount(RunLayout.Rejected, lines);
            var shards = await rejected.CompleteAsync(cancellationToken).ConfigureAwait(false);
            rejectedRows = rejected.Rows;
            files.Add(new DataFileSet("rejected", "rejected", shards.Select(s => "data/" + s.File).ToArray(), rejectedRows));
        }
        else
        {
            TallyRejected(source, tally, cancellationToken);
        }

        TallyFailed(source, tally, cancellationToken);
        var notes = FilterNotes(files[0].Rows, considered, "rows");
        notes.Add($"Parquet, {_options.Compression}-compressed; shards of at most {_options.ShardSizeMb.ToString(CultureInfo.InvariantCulture)} MiB.");
        if (_options.IncludeRejected)
        {
            notes.Add("The `rejected` config holds the samples a stage rejected (those that are samples: near-duplicates, verifier and judge rejections), each with its `rejection`: stage, reason, rule (`by`) and evidence.");
        }

        return (files, files[0].Rows, rejectedRows, considered, notes);
    }

    private (IReadOnlyList<DataFileSet>, long, long, long, IReadOnlyList<string>) WriteMessages(
        RunSource source, string temp, RunTally tally, SampleProfile profile, SampleFilter filter, CancellationToken cancellationToken)
    {
        const string file = "train.jsonl";
        long considered = 0, written = 0;
        using (var writer = JsonlWriter.Create(Path.Combine(temp, file)))
        {
            var lines = Read(source, RunLayout.Accepted, row =>
            {
                tally.AddAccepted(row);
                RequireSample(source, RunLayout.Accepted, row);
                considered++;
                if ((_options.Limit is not { } limit || written < limit) && filter.Matches(row))
                {
                    profile.Add(row);
                    writer.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WritePropertyName("messages");
                        WriteMessages(w, row.GetProperty("messages"), 0, int.MaxValue);
                        w.WriteEndObject();
                    });
                    written++;
                }
            }, cancellationToken);
            source.CheckCount(RunLayout.Accepted, lines);
            writer.Flush(toDisk: true);
        }

        TallyRejected(source, tally, cancellationToken);
        TallyFailed(source, tally, cancellationToken);
        return ([new DataFileSet("default", "train", [file], written)], written, 0, considered, FilterNotes(written, considered, "rows"));
    }

    private (IReadOnlyList<DataFileSet>, long, long, long, IReadOnlyList<string>) WritePreference(
        RunSource source, string temp, RunTally tally, SampleProfile profile, SampleFilter filter, CancellationToken cancellationToken)
    {
        const string file = "train.jsonl";
        using var pairs = new PreferencePairs(_options.MinMargin);
        long considered = 0;
        var accepted = source.PathOf(RunLayout.Accepted);
        var rejectedPath = source.PathOf(RunLayout.Rejected);
        var lines = Read(source, RunLayout.Accepted, (row, offset, length) =>
        {
            tally.AddAccepted(row);
            RequireSample(source, RunLayout.Accepted, row);
            considered++;
            if (filter.MatchesAttributes(row))
            {
                pairs.Add(row, accepted, offset, length);
            }
        }, cancellationToken);
        source.CheckCount(RunLayout.Accepted, lines);
        lines = Read(source, RunLayout.Rejected, (row, offset, length) =>
        {
            tally.AddRejected(row);
            if (JsonFields.IsSample(row) && filter.MatchesAttributes(row))
            {
                pairs.Add(row, rejectedPath, offset, length);
            }
        }, cancellationToken);
        source.CheckCount(RunLayout.Rejected, lines);
        TallyFailed(source, tally, cancellationToken);

        long written = 0;
        using (var writer = JsonlWriter.Create(Path.Combine(temp, file)))
        {
            foreach (var (chosen, rejected) in pairs.Pairs())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.Limit is { } limit && written >= limit)
                {
                    break;
                }

                using var chosenDocument = JsonDocument.Parse(chosen);
                using var rejectedDocument = JsonDocument.Parse(rejected);
                var chosenRow = chosenDocument.RootElement;
                if (!filter.MatchesScores(chosenRow))
                {
                    continue;
                }

                profile.Add(chosenRow);
                var prompt = PreferencePairs.PromptLength(chosenRow);
                writer.Write(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("prompt");
                    WriteMessages(w, chosenRow.GetProperty("messages"), 0, prompt);
                    w.WritePropertyName("chosen");
                    WriteMessages(w, chosenRow.GetProperty("messages"), prompt, int.MaxValue);
                    w.WritePropertyName("rejected");
                    WriteMessages(w, rejectedDocument.RootElement.GetProperty("messages"), PreferencePairs.PromptLength(rejectedDocument.RootElement), int.MaxValue);
                    w.WriteEndObject();
                });
                written++;
            }

            writer.Flush(toDisk: true);
        }

        var notes = FilterNotes(written, considered, "pairs");
        notes.Add(pairs.Describe(written));
        return ([new DataFileSet("default", "train", [file], written)], written, 0, considered, notes);
    }

    /// <summary>
    /// Writes messages [<paramref name="from"/>, <paramref name="to"/>) as <c>[{role, content}]</c>, with
    /// <c>reasoning_content</c> where a message has a reasoning trace (the field Qwen3-style chat templates render),
    /// dropping any other field.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages, int from, int to)
    {
        writer.WriteStartArray();
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (i >= from && i < to)
            {
                writer.WriteStartObject();
                writer.WriteString("role", JsonFields.String(message, "role"u8));
                writer.WriteString("content", JsonFields.String(message, "content"u8));
                if (message.TryGetProperty("reasoning_content"u8, out var reasoning) && reasoning.ValueKind == JsonValueKind.String)
                {
                    writer.WriteString("reasoning_content", reasoning.GetString());
                }

                writer.WriteEndObject();
            }

            i++;
        }

        writer.WriteEndArray();
    }

    private static void RequireSample(RunSource source, string file, JsonElement row)
    {
        if (!JsonFields.IsSample(row))
        {
            throw new DatasetException($"{source.PathOf(file)}: holds documents or passages, not samples (a pipeline without a generation stage); export writes samples");
        }
    }

    private static void TallyRejected(RunSource source, RunTally tally, CancellationToken cancellationToken) =>
        source.CheckCount(RunLayout.Rejected, Read(source, RunLayout.Rejected, tally.AddRejected, cancellationToken));

    private static void TallyFailed(RunSource source, RunTally tally, CancellationToken cancellationToken) =>
        source.CheckCount(RunLayout.Failed, Read(source, RunLayout.Failed, tally.AddFailed, cancellationToken));

    private static long Read(RunSource source, string file, Action<JsonElement> add, CancellationToken cancellationToken) =>
        Read(source, file, (row, _, _) => add(row), cancellationToken);

    /// <summary>Parses every line of a run file; an unparseable line is refused, naming the file and line.</summary>
    private static long Read(RunSource source, string file, Action<JsonElement, long, int> add, CancellationToken cancellationToken)
    {
        long lines = 0;
        foreach (var (row, line) in Rows(source, file, cancellationToken))
        {
            lines++;
            add(row, line.Offset, line.Bytes.Length);
        }

        return lines;
    }

    private static async Task<long> ReadAsync(RunSource source, string file, Func<JsonElement, long, ValueTask> add, CancellationToken cancellationToken)
    {
        long lines = 0;
        foreach (var (row, line) in Rows(source, file, cancellationToken))
        {
            lines++;
            await add(row, line.Bytes.Length + 1).ConfigureAwait(false);
        }

        return lines;
    }

    /// <summary>
    /// The lines of a run file, each with its parsed row (valid until the next line is read); an unparseable line is
    /// refused, naming the file and line. Checks for cancellation every 1024 lines.
    /// </summary>
    private static IEnumerable<(JsonElement Row, RunLine Line)> Rows(RunSource source, string file, CancellationToken cancellationToken)
    {
        var path = source.PathOf(file);
        using var reader = new RunFileReader(path);
        long lines = 0;
        while (reader.TryRead(out var line))
        {
            if ((lines & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            lines++;
            using var document = Parse(path, line);
            yield return (document.RootElement, line);
        }
    }

    private static JsonDocument Parse(string path, RunLine line)
    {
        try
        {
            return JsonDocument.Parse(line.Bytes);
        }
        catch (JsonException ex)
        {
            throw new DatasetException($"{path}:{line.Number}: not valid JSON ({ex.Message})", ex);
        }
    }
}
