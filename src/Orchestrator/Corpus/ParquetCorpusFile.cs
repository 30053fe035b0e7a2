using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// Streams one Parquet file as <see cref="SourceRecord"/>s, one row group at a time: memory holds the columns of one
/// row group, never the whole file. Row N (1-based within the file) becomes exactly one record: a document, or a bad
/// input record keyed <c>@file:N</c>. A file that cannot be used at all (not Parquet, no id or text column, no rows)
/// is one bad input record keyed <c>@file:0</c>; an unreadable row group is one record keyed by its first row. Flat
/// columns of primitive types other than id and text become metadata; nested, list, map and binary columns are
/// skipped with one warning per file. Not thread-safe; enumerate once.
/// </summary>
/// <remarks>
/// Parquet.Net is async-only, and so is this reader: opening the file, reading a row group's columns and disposing are
/// awaited (no thread is blocked on them); the rows of a row group already in memory are yielded without awaiting.
/// </remarks>
internal sealed class ParquetCorpusFile
{
    private static readonly ParquetOptions ReaderOptions = new() { UseDateOnlyTypeForDates = true };

    private readonly string _file;
    private readonly CorpusOptions _options;
    private readonly Func<string, bool> _claimId;
    private readonly Action<long> _addBytes;
    private readonly ILogger _logger;

    /// <param name="file">The Parquet file.</param>
    /// <param name="options">Column names and limits.</param>
    /// <param name="claimId">Registers an id; false when the id was already seen in the corpus.</param>
    /// <param name="addBytes">Reports progress in bytes of the file.</param>
    /// <param name="logger">Receives the one warning per file about skipped columns.</param>
    public ParquetCorpusFile(string file, CorpusOptions options, Func<string, bool> claimId, Action<long> addBytes, ILogger logger)
    {
        _file = file;
        _options = options;
        _claimId = claimId;
        _addBytes = addBytes;
        _logger = logger;
    }

    /// <summary>Reads every row of the file.</summary>
    /// <param name="cancellationToken">Stops reading; checked before each row group is read.</param>
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var length = new FileInfo(_file).Length;
        long reported = 0;
        void ReportUpTo(long bytes)
        {
            if (bytes > reported)
            {
                _addBytes(bytes - reported);
                reported = bytes;
            }
        }

        var (reader, openError) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            ReportUpTo(length);
            yield return FileError(openError!);
            yield break;
        }

        try
        {
            var (plan, planError) = Plan(reader.Schema);
            var totalRows = reader.Metadata?.NumRows ?? reader.RowGroups.Sum(g => g.RowCount);
            if (plan is null || totalRows <= 0)
            {
                ReportUpTo(length);
                yield return FileError(planError ?? $"{_file}: empty file (no records)");
                yield break;
            }

            if (plan.Skipped.Count > 0)
            {
                _logger.LogWarning("{File}: skipped columns {Columns}: nested, list, map and binary columns are not read as metadata", _file, string.Join(", ", plan.Skipped));
            }

            long rowsBefore = 0;
            for (var index = 0; index < reader.RowGroupCount; index++)
            {
                var group = reader.OpenRowGroupReader(index);
                var rows = group.RowCount;
                if (rows <= 0)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var (columns, groupError) = rows > Array.MaxLength
                    ? (null, $"{rows:N0} rows is more than one row group can hold in memory")
                    : await ReadGroupAsync(group, plan, (int)rows, cancellationToken).ConfigureAwait(false);
                if (columns is null)
                {
                    var first = rowsBefore + 1;
                    yield return CorpusReader.Bad(
                        new RootRecord($"@{_file}:{first}", _file, first),
                        $"{_file}:row {first}: row group {index} (rows {first}–{rowsBefore + rows}) is unreadable: {groupError}",
                        null);
                }
                else
                {
                    for (var row = 0; row < rows; row++)
                    {
                        yield return Record(columns, plan, row, rowsBefore + row + 1);
                    }
                }

                rowsBefore += rows;
                ReportUpTo((long)((double)length * Math.Min(rowsBefore, totalRows) / totalRows));
            }

            ReportUpTo(length);
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<(ParquetReader? Reader, string? Error)> OpenAsync(CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"{_file}: cannot be read: {ex.Message}");
        }

        try
        {
            return (await ParquetReader.CreateAsync(stream, ReaderOptions, leaveStreamOpen: false, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Parquet.Net reports a damaged file with whatever its decoder hit (IOException for the magic bytes, Thrift
            // and range errors for a damaged footer): all of them mean the file is not usable Parquet.
            stream.Dispose();
            return (null, $"{_file}: not a Parquet file: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private (ColumnPlan? Plan, string? Error) Plan(ParquetSchema schema)
    {
        var names = string.Join(", ", schema.Fields.Select(f => f.Name));
        DataField? Required(string name, string role, Func<Type, bool> accepts, out string? error)
        {
            error = null;
            var field = schema.Fields.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                error = $"{_file}: no column '{name}' (columns: {names})";
                return null;
            }

            if (field is not DataField data || data.IsArray || data.MaxRepetitionLevel > 0)
            {
                error = $"{_file}: column '{name}' is a {field.SchemaType.ToString().ToLowerInvariant()} column; the {role} must be {(role == "id" ? "a string or integer" : "a string")} column";
                return null;
            }

            if (!accepts(data.ClrType))
            {
                error = $"{_file}: column '{name}' holds {TypeName(data.ClrType)} values; the {role} must be {(role == "id" ? "a string or integer" : "a string")} column";
                return null;
            }

            return data;
        }

        var id = Required(_options.IdField, "id", ParquetCells.IsIdType, out var idError);
        if (id is null)
        {
            return (null, idError);
        }

        var text = Required(_options.TextField, "text", ParquetCells.IsTextType, out var textError);
        if (text is null)
        {
            return (null, textError);
        }

        var metadata = new List<DataField>();
        var skipped = new List<string>();
        foreach (var field in schema.Fields)
        {
            if (field.Name == _options.IdField || field.Name == _options.TextField)
            {
                continue;
            }

            if (field is DataField data && !data.IsArray && data.MaxRepetitionLevel == 0 && ParquetCells.IsMetadataType(data.ClrType))
            {
                metadata.Add(data);
            }
            else
            {
                skipped.Add(field.Name);
            }
        }

        return (new ColumnPlan(id, text, metadata, skipped), null);
    }

    private static string TypeName(Type type) =>
        type == typeof(ReadOnlyMemory<char>) ? "string" : type == typeof(ReadOnlyMemory<byte>) ? "binary" : type.Name;

    private static async Task<(GroupColumns? Columns, string? Error)> ReadGroupAsync(ParquetRowGroupReader group, ColumnPlan plan, int rows, CancellationToken cancellationToken)
    {
        try
        {
            var (ids, idErrors) = await ParquetCells.ReadStringsAsync(group, plan.Id, rows, cancellationToken).ConfigureAwait(false);
            var (texts, textErrors) = await ParquetCells.ReadStringsAsync(group, plan.Text, rows, cancellationToken).ConfigureAwait(false);
            var metadata = new JsonElement[plan.Metadata.Count][];
            for (var i = 0; i < metadata.Length; i++)
            {
                metadata[i] = await ParquetCells.ReadJsonAsync(group, plan.Metadata[i], rows, cancellationToken).ConfigureAwait(false);
            }

            return (new GroupColumns(ids, idErrors, texts, textErrors, metadata), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A damaged page or an undecodable value: the rest of the file may still be readable.
            return (null, ex.Message);
        }
    }

    private SourceRecord Record(GroupColumns columns, ColumnPlan plan, int row, long number)
    {
        var location = $"{_file}:row {number}";
        var root = new RootRecord($"@{_file}:{number}", _file, number);
        var id = columns.Ids[row];
        var text = columns.Texts[row];
        Dictionary<string, JsonElement>? metadata = null;
        if (plan.Metadata.Count > 0)
        {
            metadata = new Dictionary<string, JsonElement>(plan.Metadata.Count, StringComparer.Ordinal);
            for (var i = 0; i < plan.Metadata.Count; i++)
            {
                metadata[plan.Metadata[i].Name] = columns.Metadata[i][row];
            }
        }

        string? error = null;
        if (columns.IdErrors?[row] is { } idError)
        {
            error = $"field '{_options.IdField}': {idError}";
        }
        else if (id is null)
        {
            error = $"field '{_options.IdField}': missing";
        }
        else if (id.Length == 0)
        {
            error = $"field '{_options.IdField}': must be a non-empty string or number";
        }
        else if (columns.TextErrors?[row] is { } textError)
        {
            error = $"field '{_options.TextField}': {textError}";
        }
        else if (string.IsNullOrWhiteSpace(text))
        {
            error = $"field '{_options.TextField}': {(text is null ? "missing" : "empty")}";
        }
        else if (Encoding.UTF8.GetByteCount(text) is var bytes && bytes > _options.MaxRecordBytes)
        {
            error = $"field '{_options.TextField}': {bytes:N0} bytes, over the limit of {_options.MaxRecordBytes:N0} bytes (input.max_record_bytes)";
        }
        else if (!_claimId(id))
        {
            error = $"field '{_options.IdField}': duplicate id '{id}'";
        }

        if (error is not null)
        {
            return CorpusReader.Bad(root, $"{location}: {error}", RawRow(plan, id, text, metadata));
        }

        return new SourceRecord(new RootRecord(id!, _file, number), new Document(id!, text!, metadata) { SourceFile = _file, Line = number }, null);
    }

    /// <summary>The row as a JSON object (what could be read of it), kept as <c>raw</c> of a bad row.</summary>
    private string RawRow(ColumnPlan plan, string? id, string? text, Dictionary<string, JsonElement>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString(plan.Id.Name, id);
            }

            if (text is not null && Encoding.UTF8.GetByteCount(text) <= _options.MaxRecordBytes)
            {
                writer.WriteString(plan.Text.Name, text);
            }

            foreach (var (name, value) in metadata ?? [])
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private SourceRecord FileError(string message) => CorpusReader.Bad(new RootRecord($"@{_file}:0", _file, 0), message, null);

    private sealed record ColumnPlan(DataField Id, DataField Text, IReadOnlyList<DataField> Metadata, IReadOnlyList<string> Skipped);

    private sealed record GroupColumns(string?[] Ids, string?[]? IdErrors, string?[] Texts, string?[]? TextErrors, JsonElement[][] Metadata);
}
