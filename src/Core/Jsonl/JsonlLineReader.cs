using System.Text.Unicode;

namespace MidTrain.Core.Jsonl;

/// <summary>
/// Streams the lines of a JSONL file with constant memory (one buffer, grown only up to
/// <see cref="MaxLineBytes"/>): validates UTF-8, strips a BOM and <c>\r\n</c>, skips blank lines, and reports lines
/// that are too long without buffering them. Not thread-safe: one reader per consumer.
/// </summary>
public sealed class JsonlLineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _lineNumber;
    private bool _first = true;

    /// <summary>Reads from <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="maxLineBytes">Lines longer than this are reported as errors and skipped.</param>
    /// <param name="ownsStream">Dispose the stream with the reader.</param>
    public JsonlLineReader(Stream stream, long maxLineBytes = 32L << 20, bool ownsStream = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _ownsStream = ownsStream;
        MaxLineBytes = (int)Math.Min(maxLineBytes, Array.MaxLength - 1);
        _buffer = new byte[1 << 20];
    }

    /// <summary>Opens <paramref name="path"/> for sequential reading.</summary>
    public static JsonlLineReader Open(string path, long maxLineBytes = 32L << 20) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan), maxLineBytes);

    /// <summary>The longest line kept, in bytes.</summary>
    public int MaxLineBytes { get; }

    /// <summary>Bytes consumed from the stream so far (for progress and ETA).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Lines consumed so far, blank lines included: the number of the last line read, 0 before the first.</summary>
    public long LineNumber => _lineNumber;

    /// <summary>Reads the next non-blank line; false at end of file.</summary>
    public bool TryRead(out JsonlLine line)
    {
        while (true)
        {
            if (!TryReadRaw(out var number, out var bytes, out var tooLongLength))
            {
                line = default;
                return false;
            }

            if (tooLongLength > 0)
            {
                line = new JsonlLine(number, ReadOnlyMemory<byte>.Empty, $"line is {tooLongLength:N0} bytes, over the limit of {MaxLineBytes:N0} bytes (input.max_record_bytes)", tooLongLength);
                return true;
            }

            var span = bytes.Span;
            if (_first)
            {
                _first = false;
                if (span.StartsWith("\uFEFF"u8))
                {
                    bytes = bytes[3..];
                    span = bytes.Span;
                }
            }

            if (span.Length > 0 && span[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
                span = bytes.Span;
            }

            if (span.IsEmpty || span.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            var error = Utf8.IsValid(span) ? null : $"invalid UTF-8 at byte {FirstInvalidUtf8(span)}";
            line = new JsonlLine(number, bytes, error, bytes.Length);
            return true;
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> span)
    {
        var status = Utf8.ToUtf16(span, new char[span.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    private bool TryReadRaw(out long number, out ReadOnlyMemory<byte> bytes, out long tooLongLength)
    {
        tooLongLength = 0;
        var scanned = 0; // bytes after _start already known to hold no newline
        while (true)
        {
            var searchFrom = _start + scanned;
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = searchFrom + newline;
                number = ++_lineNumber;
                bytes = _buffer.AsMemory(_start, lineEnd - _start);
                _start = lineEnd + 1;
                if (bytes.Length > MaxLineBytes)
                {
                    tooLongLength = bytes.Length;
                    bytes = default;
                }

                return true;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    number = 0;
                    bytes = default;
                    return false;
                }

                number = ++_lineNumber;
                bytes = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                if (bytes.Length > MaxLineBytes)
                {
                    tooLongLength = bytes.Length;
                    bytes = default;
                }

                return true;
            }

            scanned = _end - _start;
            if (_end - _start >= MaxLineBytes + 1)
            {
                // Too long: skip to the next newline without keeping the bytes.
                number = ++_lineNumber;
                tooLongLength = SkipRestOfLine(_end - _start);
                bytes = default;
                return true;
            }

            Fill();
        }
    }

    private long SkipRestOfLine(long seen)
    {
        var length = seen;
        _start = _end = 0;
        while (true)
        {
            var read = _stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _eof = true;
                return length;
            }

            BytesRead += read;
            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                _end = read;
                return length + newline;
            }

            length += read;
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var grown = new byte[(int)Math.Min((long)_buffer.Length * 2, Array.MaxLength)];
            Buffer.BlockCopy(_buffer, 0, grown, 0, _end);
            _buffer = grown;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        BytesRead += read;
        _end += read;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
