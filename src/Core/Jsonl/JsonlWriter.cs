using System.Buffers;
using System.Text.Json;

namespace MidTrain.Core.Jsonl;

/// <summary>
/// Appends JSON lines to a file so that a crash never leaves a torn last line: lines are buffered whole and written
/// only at line boundaries, and opening a file whose last line is incomplete (a write cut by <c>kill -9</c> or power
/// loss) first truncates it back to the last complete line. Not thread-safe: one writer task per file.
/// </summary>
public sealed class JsonlWriter : IDisposable, IAsyncDisposable
{
    private const int FlushThreshold = 1 << 16;
    private bool _disposed;
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;

    private JsonlWriter(FileStream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(_buffer, JsonDefaults.WriterOptions);
    }

    /// <summary>The file path.</summary>
    public string Path => _stream.Name;

    /// <summary>Lines written through this writer.</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Opens <paramref name="path"/> for appending (creating it), repairing a torn last line first.</summary>
    public static JsonlWriter Append(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
        TruncateTornTail(stream);
        stream.Seek(0, SeekOrigin.End);
        return new JsonlWriter(stream);
    }

    /// <summary>Creates (or empties) <paramref name="path"/>.</summary>
    public static JsonlWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1));

    /// <summary>Truncates <paramref name="stream"/> after its last newline, dropping an incomplete final line. Returns the bytes dropped.</summary>
    public static long TruncateTornTail(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return 0;
        }

        var chunk = new byte[64 * 1024];
        var position = length;
        while (position > 0)
        {
            var size = (int)Math.Min(chunk.Length, position);
            position -= size;
            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(chunk, 0, size);
            var newline = chunk.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                var keep = position + newline + 1;
                if (keep != length)
                {
                    stream.SetLength(keep);
                }

                return length - keep;
            }
        }

        stream.SetLength(0);
        return length;
    }

    /// <summary>Serializes <paramref name="value"/> as one line.</summary>
    public void Write<T>(T value, JsonSerializerOptions? options = null)
    {
        _json.Reset(_buffer);
        JsonSerializer.Serialize(_json, value, options ?? JsonDefaults.Options);
        _json.Flush();
        EndLine();
    }

    /// <summary>Writes a line with a caller-supplied writer callback (for hand-built objects without intermediate allocations).</summary>
    public void Write(Action<Utf8JsonWriter> write)
    {
        _json.Reset(_buffer);
        write(_json);
        _json.Flush();
        EndLine();
    }

    /// <summary>Writes one line of already-serialized JSON (must not contain a newline).</summary>
    public void WriteRaw(ReadOnlySpan<byte> json)
    {
        if (json.Contains((byte)'\n'))
        {
            throw new ArgumentException("A JSON line cannot contain a newline.", nameof(json));
        }

        _buffer.Write(json);
        EndLine();
    }

    private void EndLine()
    {
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        LinesWritten++;
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            WriteBuffer();
        }
    }

    private void WriteBuffer()
    {
        if (_buffer.WrittenCount > 0)
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Hands every complete buffered line to the operating system; with <paramref name="toDisk"/>, also fsyncs.</summary>
    public void Flush(bool toDisk = false)
    {
        WriteBuffer();
        _stream.Flush(toDisk);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _json.Dispose();
        _stream.Dispose();
        _disposed = true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
