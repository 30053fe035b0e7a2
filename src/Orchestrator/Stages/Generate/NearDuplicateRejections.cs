using System.Text.Json;
using MidTrain.Core.Jsonl;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// The rejection of a near-duplicate sample, the same wherever it is decided (at generation, when a run settles, in
/// <c>merge</c> across shards, in <c>midtrain dedup</c>), so a dataset's lines do not depend on where the duplicate
/// was found. Stateless.
/// </summary>
public static class NearDuplicateRejections
{
    /// <summary>The rejection of a sample that loses to <paramref name="keptId"/>.</summary>
    public static Rejection Of(string stage, string keptId, bool exact) => new()
    {
        Stage = stage,
        By = "near_duplicate",
        Reason = DuplicateDecisions.Reason(keptId, exact),
        Evidence = JsonSerializer.SerializeToElement(new { kept = keptId, exact }, JsonDefaults.Options),
    };

    /// <summary>The rejections of every loser of <paramref name="decisions"/>, by sample id.</summary>
    public static Dictionary<string, Rejection> Of(string stage, DuplicateDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return decisions.Losers.ToDictionary(l => l.Key, l => Of(stage, l.Value.KeptId, l.Value.Exact), StringComparer.Ordinal);
    }

    /// <summary>Decides the near-duplicates among the samples of finished run directories (read in the order given).</summary>
    public static DuplicateDecisions Decide(IEnumerable<string> runDirectories, NearDuplicateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        var index = new NearDuplicateIndex(options);
        foreach (var directory in runDirectories)
        {
            foreach (var sample in Runs.RunSettlement.Samples(directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (GeneratedSamples.QuestionOf(sample) is { } question)
                {
                    index.Offer(sample.Id, question);
                }
            }
        }

        return index.Settle();
    }
}
