using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Parquet;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// Writes rows into Parquet shards named <c>PREFIX-0000k-of-0000n.parquet</c>, each at most <c>shardBytes</c> long,
/// with row groups of about <c>rowGroupBytes</c> of input JSON. Memory holds one row group. The shard count is not
/// known until the end, so shards are written as <c>PREFIX-0000k.parquet.partial</c> and renamed when the last one is
/// closed. Before a row group is written, its compressed size is estimated from the worst compression ratio seen so
/// far (the first row group of an export assumes no compression) plus its page-header and footer overhead; when that
/// would take the shard over the limit, the shard is closed and the row group starts the next one. A single row group
/// is never split, so the limit is kept as long as one row group fits in it (row groups are capped at a quarter of the
/// shard size). Two row groups are buffered: while one is encoded, compressed and written on a worker thread, the
/// next is filled. Not thread-safe (one caller at a time).
/// </summary>
internal sealed class ParquetShardWriter : IAsyncDisposable
{
    private const double Margin = 1.15;
    private readonly string _directory;
    private readonly string _prefix;
    private readonly long _shardBytes;
    private readonly long _rowGroupBytes;
    private readonly ParquetOptions _options;
    private readonly SampleColumns[] _buffers;
    private int _current;
    private Task _pending = Task.CompletedTask;
    private readonly List<(string Temp, long Rows)> _shards = [];
    private FileStream? _stream;
    private ParquetWriter? _writer;
    private long _shardRows;
    private int _shardRowGroups;
    private double _worstRatio = 1.0;
    private bool _measured;
    private bool _completed;

    public ParquetShardWriter(string directory, string prefix, Func<SampleColumns> columns, long shardBytes, long rowGroupBytes, CompressionMethod compression)
    {
        _directory = directory;
        _prefix = prefix;
        _buffers = [columns(), columns()];
        _shardBytes = shardBytes;
        _rowGroupBytes = Math.Max(1, Math.Min(rowGroupBytes, shardBytes / 4));
        _options = new ParquetOptions
        {
            CompressionMethod = compression,
            CompressionLevel = CompressionLevel.Optimal,

            // Parquet.Net keeps freed page buffers for reuse; a row group's worth is enough.
            MaximumLargePoolFreeBytes = 16 << 20,
            MaximumSmallPoolFreeBytes = 4 << 20,

            // Columns of few distinct values (roles, attribute values, judge and model names, prompt hashes) are
            // dictionary-encoded: smaller files and far less work per value than plain strings. A column whose
            // first 1,000 values are more than 20 % distinct is written plain without scanning further.
            DictionaryEncodingThreshold = 0.2,
            DictionaryEncodingSampleSize = 1_000,
        };
        foreach (var field in _buffers[0].DictionaryCandidates)
        {
            _options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        }

        Directory.CreateDirectory(directory);
    }

    /// <summary>Rows written (or pending) so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds a row; writes a row group when enough rows are pending.</summary>
    public async ValueTask AddAsync(JsonElement row, long lineBytes, CancellationToken cancellationToken)
    {
        var columns = _buffers[_current];
        columns.Add(row, lineBytes);
        Rows++;
        if (columns.PendingBytes >= _rowGroupBytes)
        {
            await _pending.ConfigureAwait(false);
            _current ^= 1;
            _pending = Task.Run(() => FlushAsync(columns, cancellationToken), cancellationToken);
        }
    }

    /// <summary>Writes what is pending, closes the last shard and gives every shard its final name; returns the shards (file names relative to the directory) and their rows.</summary>
    public async Task<IReadOnlyList<(string File, long Rows)>> CompleteAsync(CancellationToken cancellationToken)
    {
        await _pending.ConfigureAwait(false);
        var columns = _buffers[_current];
        if (columns.Rows > 0 || _shards.Count == 0)
        {
            await FlushAsync(columns, cancellationToken).ConfigureAwait(false);
        }

        await CloseShardAsync().ConfigureAwait(false);
        var count = _shards.Count;
        var result = new List<(string, long)>(count);
        for (var i = 0; i < count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{i:D5}-of-{count:D5}.parquet");
            File.Move(_shards[i].Temp, Path.Combine(_directory, name));
            result.Add((name, _shards[i].Rows));
        }

        _completed = true;
        return result;
    }

    private async Task FlushAsync(SampleColumns columns, CancellationToken cancellationToken)
    {
        var pending = columns.PendingBytes;
        var estimate = (long)(pending * _worstRatio * Margin) + columns.OverheadEstimate;
        if (_writer is not null && _shardRowGroups > 0 && _stream!.Position + estimate > _shardBytes)
        {
            await CloseShardAsync().ConfigureAwait(false);
        }

        if (_writer is null)
        {
            await OpenShardAsync(cancellationToken).ConfigureAwait(false);
        }

        if (columns.Rows == 0)
        {
            return;
        }

        var before = _stream!.Position;
        var rows = columns.Rows;
        await columns.WriteRowGroupAsync(_writer!, cancellationToken).ConfigureAwait(false);
        var written = _stream.Position - before;
        if (pending > 0)
        {
            // The first measurement replaces the no-compression assumption; later ones can only raise the estimate.
            var ratio = (double)written / pending;
            _worstRatio = _measured ? Math.Max(_worstRatio, ratio) : ratio;
            _measured = true;
        }

        _shardRows += rows;
        _shardRowGroups++;
    }

    private async Task OpenShardAsync(CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{_shards.Count:D5}.parquet.partial"));
        _stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _writer = await ParquetWriter.CreateAsync(_buffers[0].Schema, _stream, _options, cancellationToken: cancellationToken).ConfigureAwait(false);
        _shards.Add((temp, 0));
        _shardRows = 0;
        _shardRowGroups = 0;
    }

    private async Task CloseShardAsync()
    {
        if (_writer is null)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        _stream!.Flush(flushToDisk: true);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        _shards[^1] = (_shards[^1].Temp, _shardRows);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _pending.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported by the call that failed (or the export is being abandoned): only clean up here.
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        if (!_completed)
        {
            foreach (var (temp, _) in _shards)
            {
                File.Delete(temp);
            }
        }
    }
}
