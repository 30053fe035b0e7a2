namespace MidTrain.Verifiers.Plugins;

/// <summary>Reads <c>\n</c>-terminated lines from a stream with a length cap, keeping bytes past a line for the next call. Not thread-safe.</summary>
internal sealed class PluginLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[System.Math.Min(maxLineBytes + 1, 1 << 16)];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;

    /// <summary>The next line without its terminator (and without a trailing <c>\r</c>); null at end of stream.</summary>
    /// <exception cref="InvalidDataException">The line is longer than the cap.</exception>
    public async Task<byte[]?> ReadLineAsync()
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer).ConfigureAwait(false);
                if (_end == 0)
                {
                    return null;
                }
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            _line.Write(_buffer, _start, stop - _start);
            if (_line.Length > maxLineBytes)
            {
                throw new InvalidDataException($"reply line longer than {maxLineBytes} bytes");
            }

            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start = newline + 1;
            var bytes = _line.ToArray();
            return bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes;
        }
    }
}
