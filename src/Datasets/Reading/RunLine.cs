namespace MidTrain.Datasets.Reading;

/// <summary>One line of a run file: where it starts in the file, its 1-based number, and its bytes (valid until the reader advances).</summary>
internal readonly record struct RunLine(long Offset, long Number, ReadOnlyMemory<byte> Bytes);
