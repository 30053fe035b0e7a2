namespace MidTrain.Datasets.Reading;

/// <summary>
/// Streams the lines of a JSONL file a run wrote (UTF-8, <c>\n</c>-terminated) with their byte offsets, in constant
/// memory (one buffer, grown to the longest line). A last line without its <c>\n</c> is a torn write: reading it
/// throws <see cref="DatasetException"/> naming the file, so nothing is made from a file a crash cut short.
/// Not thread-safe.
/// </summary>
internal sealed class RunFileReader : IDisposable
{
    private readonly FileStream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private long _number;
    private bool _eof;

    public RunFileReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    public string Path { get; }

    /// <summary>Bytes of the file consumed so far.</summary>
    public long Position => _bufferOffset + _start;

    public bool TryRead(out RunLine line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var offset = _bufferOffset + _start;
                var bytes = new ReadOnlyMemory<byte>(_buffer, _start, newline);
                _start += newline + 1;
                _number++;
                if (bytes.Length == 0)
                {
                    continue;
                }

                line = new RunLine(offset, _number, bytes);
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    throw new DatasetException($"{Path}: the last line ({_number + 1}) is not terminated (a torn write): resume the run (midtrain run … --resume) to repair it");
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/> of <paramref name="path"/> (one line found earlier).</summary>
    public static byte[] ReadAt(SafeFileHandleCache files, string path, long offset, int length)
    {
        var bytes = new byte[length];
        var handle = files.Get(path);
        var done = 0;
        while (done < length)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(done), offset + done);
            if (read == 0)
            {
                throw new DatasetException($"{path}: shorter than expected (changed while being read)");
            }

            done += read;
        }

        return bytes;
    }

    public void Dispose() => _stream.Dispose();
}
