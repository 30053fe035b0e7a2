using System.Globalization;
using MidTrain.Core.Hashing;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// One shard of a run (DESIGN §7): input records are assigned by a stable hash of their id, so N processes with
/// shards 0..N-1 each take a disjoint part of the corpus and together take all of it.
/// </summary>
/// <param name="Index">0-based shard index.</param>
/// <param name="Count">Number of shards.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The shard's run subdirectory name.</summary>
    public string DirectoryName => $"shard-{Index:D4}-of-{Count:D4}";

    /// <summary>Whether record <paramref name="key"/> belongs to this shard.</summary>
    public bool Owns(string key) => (int)(ContentHash.Fnv1a64(key) % (ulong)Count) == Index;

    /// <summary>Parses <c>I/N</c>.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
        {
            throw new FormatException($"--shard must be I/N with 0 <= I < N, got '{text}'");
        }

        return new Shard(index, count);
    }

    /// <summary>
    /// Detects a shard from the environment: Slurm job arrays (<c>SLURM_ARRAY_TASK_ID</c> − <c>SLURM_ARRAY_TASK_MIN</c>
    /// of <c>SLURM_ARRAY_TASK_COUNT</c>) or Kubernetes Indexed Jobs (<c>JOB_COMPLETION_INDEX</c> of
    /// <c>MIDTRAIN_SHARD_COUNT</c>, since Kubernetes does not expose the completion count). Null when not sharded.
    /// </summary>
    public static Shard? FromEnvironment(Func<string, string?> getVariable)
    {
        static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        var slurmId = Int(getVariable("SLURM_ARRAY_TASK_ID"));
        var slurmCount = Int(getVariable("SLURM_ARRAY_TASK_COUNT"));
        if (slurmId is { } id && slurmCount is { } count && count > 1)
        {
            var min = Int(getVariable("SLURM_ARRAY_TASK_MIN")) ?? 0;
            return id - min >= 0 && id - min < count ? new Shard(id - min, count) : null;
        }

        var k8sIndex = Int(getVariable("JOB_COMPLETION_INDEX"));
        var k8sCount = Int(getVariable("MIDTRAIN_SHARD_COUNT"));
        return k8sIndex is { } k && k8sCount is { } n && n > 1 && k >= 0 && k < n ? new Shard(k, n) : null;
    }
}
