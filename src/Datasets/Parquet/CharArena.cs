using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace MidTrain.Datasets.Parquet;

/// <summary>
/// Holds the text of one row group as slices of a few large char arrays, decoded straight from the JSON line's UTF-8
/// (string values unescaped here), so a row group costs no string allocation per value and its memory is reused by
/// the next one. Slices are valid until <see cref="Reset"/>. Not thread-safe.
/// </summary>
internal sealed class CharArena
{
    private const int ChunkChars = 1 << 20;
    private readonly List<char[]> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>The text of a JSON string value, unescaped.</summary>
    public ReadOnlyMemory<char> String(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        var target = Reserve(raw.Length);
        var length = Unescape(raw, target.Span);
        Commit(length);
        return target[..length];
    }

    /// <summary>The JSON text of any value, as written in the line.</summary>
    public ReadOnlyMemory<char> Raw(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var target = Reserve(raw.Length);
        var length = Encoding.UTF8.GetChars(raw, target.Span);
        Commit(length);
        return target[..length];
    }

    /// <summary>Makes every slice handed out so far invalid and reuses the memory.</summary>
    public void Reset()
    {
        _chunks.RemoveAll(c => c.Length != ChunkChars);
        _chunk = 0;
        _used = 0;
    }

    /// <summary>Room for <paramref name="utf8Bytes"/> bytes of text (never more chars than bytes).</summary>
    private Memory<char> Reserve(int utf8Bytes)
    {
        if (utf8Bytes > ChunkChars)
        {
            // A value longer than a chunk gets an array of its own, placed after the chunks in use (dropped at reset).
            if (_chunk < _chunks.Count && _used > 0)
            {
                _chunk++;
                _used = 0;
            }

            var own = new char[utf8Bytes];
            _chunks.Insert(_chunk, own);
            return own;
        }

        if (_chunk < _chunks.Count && _used + utf8Bytes <= _chunks[_chunk].Length)
        {
            return _chunks[_chunk].AsMemory(_used);
        }

        if (_chunk < _chunks.Count && _used > 0)
        {
            _chunk++;
            _used = 0;
        }

        if (_chunk == _chunks.Count)
        {
            _chunks.Add(new char[ChunkChars]);
        }

        return _chunks[_chunk].AsMemory(_used);
    }

    private void Commit(int chars)
    {
        var chunk = _chunks[_chunk];
        if (chunk.Length != ChunkChars)
        {
            // An oversized value's own array: done with it, continue in the next chunk.
            _chunk++;
            _used = 0;
            return;
        }

        _used += chars;
    }

    /// <summary>Decodes a JSON string body (between its quotes) into <paramref name="target"/>; returns the chars written.</summary>
    private static int Unescape(ReadOnlySpan<byte> raw, Span<char> target)
    {
        var written = 0;
        while (true)
        {
            var slash = raw.IndexOf((byte)'\\');
            var plain = slash < 0 ? raw : raw[..slash];
            written += Encoding.UTF8.GetChars(plain, target[written..]);
            if (slash < 0)
            {
                return written;
            }

            var escape = raw[slash + 1];
            var consumed = 2;
            target[written++] = escape switch
            {
                (byte)'n' => '\n',
                (byte)'t' => '\t',
                (byte)'r' => '\r',
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'u' => (char)ushort.Parse(raw.Slice(slash + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                _ => (char)escape, // \" \\ \/
            };
            if (escape == (byte)'u')
            {
                consumed = 6;
            }

            raw = raw[(slash + consumed)..];
        }
    }
}
