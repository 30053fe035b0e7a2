namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// Shard directories that cannot be merged into one dataset (a missing or unfinished shard, different configurations,
/// files that changed after the shard completed). The message names the directory or file and says what to do.
/// </summary>
public sealed class RunMergeException(string message) : Exception(message);
