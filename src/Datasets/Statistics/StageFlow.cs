using MidTrain.Datasets.Cards;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// How many items entered and left each stage, derived from the output files (see <see cref="RunTally"/>): every item
/// ends in exactly one file, so what a one-to-one stage (filter, verify, judge, generic) passed on is what later stages
/// rejected or failed plus what was accepted, and what entered it adds its own rejections and failures. A stage that
/// fans out (chunk: documents → passages; generate: passages → samples) counts its input in other units: the first
/// stage's input is the input records that reached the pipeline, a generation stage's input is the distinct
/// passages seen in its samples and failures. Where the files cannot tell (e.g. a stage between two generators), the
/// figure is null, never a guess.
/// </summary>
/// <param name="Stage">The stage.</param>
/// <param name="In">Items that entered it, or null when the files cannot tell.</param>
/// <param name="Out">Items it passed on, or null.</param>
/// <param name="Rejected">Items it rejected.</param>
/// <param name="Failed">Items that failed in it.</param>
public sealed record StageFlow(StageDescription Stage, long? In, long? Out, long Rejected, long Failed)
{
    /// <summary>Out ÷ in (samples per passage for a generation stage), or null.</summary>
    public double? Yield => In is > 0 && Out is { } output ? (double)output / In.Value : null;

    /// <summary>Computes the flow of every stage.</summary>
    /// <param name="stages">The stages, in order.</param>
    /// <param name="tally">The run's tally.</param>
    /// <param name="recordsDone">Input records fully processed (the manifest's <c>counts.records_done</c>), or null.</param>
    public static IReadOnlyList<StageFlow> Compute(IReadOnlyList<StageDescription> stages, RunTally tally, long? recordsDone)
    {
        var n = stages.Count;
        var rejected = stages.Select(s => tally.RejectedBy(s.Name)).ToArray();
        var failed = stages.Select(s => tally.FailedIn(s.Name)).ToArray();
        var input = new long?[n];
        var output = new long?[n];
        if (n == 0)
        {
            return [];
        }

        // Backwards from what was accepted, through one-to-one stages.
        output[n - 1] = tally.Accepted;
        var generators = stages.Count(s => s.Kind == "generate");
        for (var i = n - 1; i >= 0; i--)
        {
            if (!stages[i].FansOut)
            {
                input[i] = output[i] + rejected[i] + failed[i];
            }
            else if (stages[i].Kind == "generate" && generators == 1)
            {
                input[i] = tally.Passages;
            }

            if (i > 0)
            {
                output[i - 1] = input[i];
            }
        }

        // Forwards from the input records that reached the first stage (bad input lines never do).
        long? forward = recordsDone is { } done ? done - tally.FailedIn("input") : null;
        for (var i = 0; i < n && forward is not null; i++)
        {
            input[i] ??= forward;
            if (stages[i].FansOut)
            {
                break;
            }

            output[i] ??= input[i] - rejected[i] - failed[i];
            forward = output[i];
        }

        return stages.Select((s, i) => new StageFlow(s, input[i], output[i], rejected[i], failed[i])).ToArray();
    }
}
