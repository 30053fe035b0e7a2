using System.IO.Compression;

namespace MidTrain.Orchestrator.Corpus;

/// <summary>
/// Whether this process detects truncated gzip streams. By default .NET's <see cref="GZipStream"/> ends a cut stream
/// as if it were complete; with the runtime switch <see cref="SwitchName"/> on (midtrain's runtimeconfig sets it) it
/// throws <see cref="InvalidDataException"/> instead. The switch is read once per process by the runtime, so this
/// probes the behaviour itself rather than the switch. Thread-safe.
/// </summary>
internal static class GzipTruncation
{
    /// <summary>The runtime switch that makes decompression streams report truncated input.</summary>
    public const string SwitchName = "System.IO.Compression.UseStrictValidation";

    private static readonly Lazy<bool> Probe = new(() =>
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{\"id\":\"probe\",\"text\":\"a truncated stream must be an error\"}\n"u8);
        }

        var cut = new MemoryStream(compressed.GetBuffer(), 0, (int)compressed.Length - 8);
        try
        {
            using var gzip = new GZipStream(cut, CompressionMode.Decompress);
            gzip.CopyTo(Stream.Null);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    });

    /// <summary>True when a truncated gzip stream throws <see cref="InvalidDataException"/> in this process.</summary>
    public static bool Detected => Probe.Value;
}
