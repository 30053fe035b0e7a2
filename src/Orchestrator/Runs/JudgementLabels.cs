using System.Text.Json;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// Writes <c>judgements.jsonl</c> — every valid judgement of the run as a label <c>{item, rater, label}</c> (item =
/// sample id, rater = <c>judge/criterion</c>) — from the samples in <c>accepted.jsonl</c> and <c>rejected.jsonl</c>.
/// Deriving the labels from the journaled outputs (rather than appending while judging) keeps them exact across
/// crashes and resumes: one label per (item, rater), never a duplicate. Invalid judgements are left out (a missing
/// label, not a rating).
/// </summary>
public static class JudgementLabels
{
    /// <summary>The file name.</summary>
    public const string FileName = "judgements.jsonl";

    /// <summary>Rewrites <c>judgements.jsonl</c> in <paramref name="runDirectory"/>; returns the number of labels.</summary>
    public static long Write(string runDirectory)
    {
        var target = Path.Combine(runDirectory, FileName);
        var temp = target + ".tmp";
        long labels = 0;
        using (var writer = JsonlWriter.Create(temp))
        {
            foreach (var (_, line) in RunFiles.ReadableLines(runDirectory, [RunFiles.Accepted, RunFiles.Rejected]))
            {
                using var document = JsonDocument.Parse(line.Bytes);
                var root = document.RootElement;
                if (!root.TryGetProperty("id", out var id) || !root.TryGetProperty("judgements", out var judgements) || judgements.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var judgement in judgements.EnumerateArray())
                {
                    var valid = !judgement.TryGetProperty("valid", out var v) || v.ValueKind != JsonValueKind.False;
                    if (!valid || !judgement.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Number)
                    {
                        continue;
                    }

                    var rater = $"{judgement.GetProperty("judge").GetString()}/{judgement.GetProperty("criterion").GetString()}";
                    writer.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("item", id.GetString());
                        w.WriteString("rater", rater);
                        w.WritePropertyName("label");
                        score.WriteTo(w);
                        w.WriteEndObject();
                    });
                    labels++;
                }
            }
        }

        File.Move(temp, target, overwrite: true);
        return labels;
    }
}
