using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// Streams a corpus as <see cref="SourceRecord"/>s: JSONL files line by line (constant memory; <c>.gz</c> files through
/// gzip), Parquet files one row group at a time, and <c>.txt</c>/<c>.md</c> files as one document each (id = path
/// relative to the input directory). Every bad line or row becomes a record with an error naming <c>file:line</c>
/// (<c>file:row N</c> for Parquet) and the field, never an exception; other fields of a record are kept as metadata.
/// Ids must be unique across the corpus (the id is the key for accounting and resume): a repeated id is bad input.
/// Reading is deterministic: the same files give the same records with the same keys (what <c>--resume</c> relies on).
/// Not thread-safe, except <see cref="BytesRead"/>; enumerate <see cref="ReadAsync"/> once.
/// </summary>
public sealed class CorpusReader
{
    private static readonly string[] DirectoryExtensions = [".txt", ".md", ".jsonl", ".jsonl.gz", ".parquet"];
    private readonly CorpusOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<ulong> _seenIds = [];
    private long _bytesRead;
    private bool _warnedGzipTruncation;

    /// <summary>Creates a reader over <paramref name="options"/>.</summary>
    /// <param name="options">What to read.</param>
    /// <param name="logger">Warnings about input that is read only in part (skipped Parquet columns).</param>
    public CorpusReader(CorpusOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        Files = ResolveFiles(options.Path);
        TotalBytes = Files.Sum(f => new FileInfo(f).Length);
    }

    /// <summary>The input files, in the order they are read.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Total size of the input files (for progress and ETA).</summary>
    public long TotalBytes { get; }

    /// <summary>Bytes read so far (approximate, for progress).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Expands a file path, glob or directory into the sorted list of input files.</summary>
    /// <exception cref="FileNotFoundException">Nothing matches.</exception>
    public static IReadOnlyList<string> ResolveFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => DirectoryExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal)
                .ToArray();
            return files.Length > 0 ? files : throw new FileNotFoundException($"input directory {path} holds no .jsonl, .jsonl.gz, .parquet, .txt or .md files");
        }

        if (path.IndexOfAny(['*', '?']) >= 0)
        {
            var given = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
            var directory = given.Length == 0 ? "." : given;
            var pattern = System.IO.Path.GetFileName(path);
            if (Directory.Exists(directory))
            {
                var files = Directory.EnumerateFiles(directory, pattern)
                    .Select(f => System.IO.Path.Combine(given, System.IO.Path.GetFileName(f)))
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                if (files.Length > 0)
                {
                    return files;
                }
            }

            throw new FileNotFoundException($"no input file matches {path}");
        }

        throw new FileNotFoundException($"input not found: {path}");
    }

    /// <summary>Reads every record of every file.</summary>
    /// <param name="cancellationToken">Stops reading: checked before each record.</param>
    /// <remarks>
    /// Parquet files are read with Parquet.Net's async API. JSONL, gzip and text files are read synchronously inside
    /// this iterator, through a 1 MiB buffer (one read call per thousands of typical lines): on Linux a read from a
    /// local file is a blocking system call whether or not it is awaited (an awaited one only moves it to another
    /// pool thread), and a record per line must not pay for an await (the <c>pipeline</c> benchmark measures this).
    /// </remarks>
    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var extension = System.IO.Path.GetExtension(file).ToLowerInvariant();
            switch (extension)
            {
                case ".txt" or ".md":
                    yield return await ReadTextFileAsync(file, cancellationToken).ConfigureAwait(false);
                    break;
                case ".parquet":
                    var parquet = new ParquetCorpusFile(file, _options, ClaimId, bytes => Interlocked.Add(ref _bytesRead, bytes), _logger);
                    await foreach (var record in parquet.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return record;
                    }

                    break;
                default:
                    foreach (var record in extension == ".gz" ? ReadGzipJsonl(file) : ReadJsonl(file))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return record;
                    }

                    break;
            }
        }
    }

    private bool ClaimId(string id) => _seenIds.Add(Core.Hashing.ContentHash.Fnv1a64(id));

    /// <summary>A text file is one document, or one bad input record.</summary>
    private async Task<SourceRecord> ReadTextFileAsync(string file, CancellationToken cancellationToken)
    {
        var id = System.IO.Path.GetRelativePath(Directory.Exists(_options.Path) ? _options.Path : System.IO.Path.GetDirectoryName(file) ?? ".", file);
        byte[] bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytesRead, bytes.Length);
        string? error = null;
        string text = string.Empty;
        if (bytes.Length > _options.MaxRecordBytes)
        {
            error = $"{file}: file is {bytes.Length:N0} bytes, over the limit of {_options.MaxRecordBytes:N0} bytes (input.max_record_bytes)";
        }
        else if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            error = $"{file}: invalid UTF-8";
        }
        else
        {
            text = Encoding.UTF8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            if (string.IsNullOrWhiteSpace(text))
            {
                error = $"{file}: field 'text': empty file";
            }
        }

        if (error is null && !ClaimId(id))
        {
            error = $"{file}: field 'id': duplicate id '{id}'";
        }

        return error is not null
            ? Bad(new RootRecord("@" + file, file, 0), error, null)
            : new SourceRecord(new RootRecord(id, file, 0), new Document(id, text) { SourceFile = file }, null);
    }

    private IEnumerable<SourceRecord> ReadJsonl(string file)
    {
        using var reader = JsonlLineReader.Open(file, _options.MaxRecordBytes);
        long lastBytes = 0;
        var sawAny = false;
        while (reader.TryRead(out var line))
        {
            sawAny = true;
            Interlocked.Add(ref _bytesRead, reader.BytesRead - lastBytes);
            lastBytes = reader.BytesRead;
            yield return ParseLine(file, line);
        }

        Interlocked.Add(ref _bytesRead, reader.BytesRead - lastBytes);
        if (!sawAny)
        {
            // An empty file is worth a line in failed.jsonl: it is almost always a mistake upstream.
            yield return Bad(new RootRecord($"@{file}:0", file, 0), $"{file}: empty file (no records)", null);
        }
    }

    /// <summary>
    /// A gzip-compressed JSONL file: the same lines, errors and limits as plain JSONL, progress in compressed bytes. A
    /// corrupt or truncated stream ends the file with one bad input record at the line it reached (keyed like that
    /// line, so a resumed run finds the same record). Truncation is only detected where the process runs with
    /// <c>System.IO.Compression.UseStrictValidation</c> (midtrain's runtimeconfig sets it); elsewhere a warning says so.
    /// </summary>
    private IEnumerable<SourceRecord> ReadGzipJsonl(string file)
    {
        if (!GzipTruncation.Detected && !_warnedGzipTruncation)
        {
            _warnedGzipTruncation = true;
            _logger.LogWarning("{File}: this process does not detect truncated gzip files (the runtime switch {Switch} is off), so a cut file reads as a shorter one", file, GzipTruncation.SwitchName);
        }

        var compressed = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        using var reader = new JsonlLineReader(new GZipStream(compressed, CompressionMode.Decompress), _options.MaxRecordBytes);
        long lastBytes = 0;
        var sawAny = false;
        while (true)
        {
            JsonlLine line;
            bool read;
            string? corruption = null;
            try
            {
                read = reader.TryRead(out line);
            }
            catch (InvalidDataException ex)
            {
                (read, line, corruption) = (false, default, ex.Message);
            }

            Interlocked.Add(ref _bytesRead, compressed.Position - lastBytes);
            lastBytes = compressed.Position;
            if (corruption is not null)
            {
                // Nothing after the damage can be read: count the rest of the file as read so progress ends at 100%.
                Interlocked.Add(ref _bytesRead, compressed.Length - lastBytes);
                var number = reader.LineNumber + 1;
                yield return Bad(new RootRecord($"@{file}:{number}", file, number), $"{file}:{number}: corrupt gzip stream: {corruption}", null);
                yield break;
            }

            if (!read)
            {
                break;
            }

            sawAny = true;
            yield return ParseLine(file, line);
        }

        if (!sawAny)
        {
            yield return Bad(new RootRecord($"@{file}:0", file, 0), $"{file}: empty file (no records)", null);
        }
    }

    private SourceRecord ParseLine(string file, JsonlLine line)
    {
        var location = $"{file}:{line.Number}";
        var root = new RootRecord($"@{location}", file, line.Number);
        if (line.Error is not null)
        {
            return Bad(root, $"{location}: {line.Error}", line.Bytes.IsEmpty ? null : Convert.ToBase64String(line.Bytes.Span), base64: true);
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line.Bytes);
        }
        catch (JsonException ex)
        {
            return Bad(root, $"{location}: invalid JSON: {ex.Message}", Encoding.UTF8.GetString(line.Bytes.Span));
        }

        using (json)
        {
            var rootElement = json.RootElement;
            if (rootElement.ValueKind != JsonValueKind.Object)
            {
                return Bad(root, $"{location}: a record must be a JSON object, got {rootElement.ValueKind}", Encoding.UTF8.GetString(line.Bytes.Span));
            }

            string? id = null;
            string? text = null;
            Dictionary<string, JsonElement>? metadata = null;
            foreach (var property in rootElement.EnumerateObject())
            {
                if (property.NameEquals(_options.IdField))
                {
                    id = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number => property.Value.GetRawText(),
                        _ => null,
                    };
                    if (string.IsNullOrEmpty(id))
                    {
                        return Bad(root, $"{location}: field '{_options.IdField}': must be a non-empty string or number", Encoding.UTF8.GetString(line.Bytes.Span));
                    }
                }
                else if (property.NameEquals(_options.TextField))
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        return Bad(root, $"{location}: field '{_options.TextField}': must be a string, got {property.Value.ValueKind}", Encoding.UTF8.GetString(line.Bytes.Span));
                    }

                    text = property.Value.GetString();
                }
                else
                {
                    metadata ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    metadata[property.Name] = property.Value.Clone();
                }
            }

            if (id is null)
            {
                return Bad(root, $"{location}: field '{_options.IdField}': missing", Encoding.UTF8.GetString(line.Bytes.Span));
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return Bad(root, $"{location}: field '{_options.TextField}': {(text is null ? "missing" : "empty")}", Encoding.UTF8.GetString(line.Bytes.Span));
            }

            if (!ClaimId(id))
            {
                return Bad(root, $"{location}: field '{_options.IdField}': duplicate id '{id}'", Encoding.UTF8.GetString(line.Bytes.Span));
            }

            return new SourceRecord(new RootRecord(id, file, line.Number), new Document(id, text, metadata) { SourceFile = file, Line = line.Number }, null);
        }
    }

    /// <summary>A bad input record: it goes straight to <c>failed.jsonl</c> as <c>bad_input</c>.</summary>
    internal static SourceRecord Bad(RootRecord root, string message, string? raw, bool base64 = false) =>
        new(root, null, new ItemFailure { Stage = "input", Kind = "bad_input", Message = message, Raw = raw is null ? null : base64 ? "base64:" + raw : raw });
}
