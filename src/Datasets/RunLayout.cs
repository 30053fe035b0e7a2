namespace MidTrain.Datasets;

/// <summary>
/// The files of a MidTrain run directory that datasets are made from (DESIGN §4; the same names as the orchestrator's
/// <c>RunFiles</c>, repeated here because this library reads run directories as plain files and the orchestrator
/// depends on it, not the other way round).
/// </summary>
public static class RunLayout
{
    /// <summary>Samples that passed every stage.</summary>
    public const string Accepted = "accepted.jsonl";

    /// <summary>Items a stage rejected, each with its <c>rejection</c>.</summary>
    public const string Rejected = "rejected.jsonl";

    /// <summary>Items that could not be processed, each with its stage and kind.</summary>
    public const string Failed = "failed.jsonl";

    /// <summary>Configuration, versions, fingerprints and counts.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The dataset card.</summary>
    public const string Card = "README.md";
}
