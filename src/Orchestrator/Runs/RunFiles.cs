using MidTrain.Core.Jsonl;

namespace MidTrain.Orchestrator.Runs;

/// <summary>The file names of a run directory (DESIGN §4).</summary>
public static class RunFiles
{
    /// <summary>Samples that passed every stage.</summary>
    public const string Accepted = "accepted.jsonl";

    /// <summary>Items a verifier, judge or filter rejected, with the rejection.</summary>
    public const string Rejected = "rejected.jsonl";

    /// <summary>Items that could not be processed (bad input, transport, parse…), with the error and the input record.</summary>
    public const string Failed = "failed.jsonl";

    /// <summary>Input records fully processed, one JSON line each; what <c>--resume</c> skips.</summary>
    public const string Journal = "journal.jsonl";

    /// <summary>Config, versions, fingerprints, counts.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The dataset card.</summary>
    public const string Card = "README.md";

    /// <summary>Model response cache directory.</summary>
    public const string Cache = "cache";

    /// <summary>The three output files, in a fixed order.</summary>
    public static IReadOnlyList<string> Outputs { get; } = [Accepted, Rejected, Failed];

    /// <summary>
    /// The lines of <paramref name="files"/> in a run directory that the reader could read, each with the file it is
    /// from, in the order given (a missing file is skipped). Each line is valid until the next one is read.
    /// </summary>
    internal static IEnumerable<(string File, JsonlLine Line)> ReadableLines(string runDirectory, IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(runDirectory, file);
            if (!File.Exists(path))
            {
                continue;
            }

            using var reader = JsonlLineReader.Open(path);
            while (reader.TryRead(out var line))
            {
                if (line.Error is null)
                {
                    yield return (file, line);
                }
            }
        }
    }
}
