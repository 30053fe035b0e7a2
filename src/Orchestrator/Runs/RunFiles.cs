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
}
