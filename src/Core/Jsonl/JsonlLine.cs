namespace MidTrain.Core.Jsonl;

/// <summary>
/// One line read by <see cref="JsonlLineReader"/>. <see cref="Bytes"/> points into the reader's buffer and is valid
/// only until the reader advances; copy it if it must outlive that.
/// </summary>
public readonly struct JsonlLine
{
    internal JsonlLine(long number, ReadOnlyMemory<byte> bytes, string? error, long length)
    {
        Number = number;
        Bytes = bytes;
        Error = error;
        Length = length;
    }

    /// <summary>1-based line number in the file.</summary>
    public long Number { get; }

    /// <summary>The line's bytes without the line terminator (empty when the line was too long to keep).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Why the line cannot be used (invalid UTF-8, too long), or null when it is well-formed text.</summary>
    public string? Error { get; }

    /// <summary>The line's full length in bytes (also when it was too long to keep).</summary>
    public long Length { get; }
}
