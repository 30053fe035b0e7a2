using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Judges.Rubric;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// <c>kind: judge</c>: one rubric criterion on one judge model. The judge reads the solution as the answer, the prompt
/// (or <c>extra_info.question</c> / <c>extra_info.prompt</c>) as the question, <c>extra_info.passage</c> and
/// <c>extra_info.language</c>; its score is normalised to 0–1 over the criterion's scale (<c>(s − min) / (max − min)</c>).
/// A valid judgement has outcome <c>pass</c> (the score says how good); an unusable reply, or a sample lacking what the
/// criterion reads, is <c>invalid</c> and scores <c>invalid_score</c>. The result carries the judgement. Thread-safe
/// when the model client is.
/// </summary>
internal sealed class JudgeReward(string name, RubricJudge judge, double invalidScore) : IReward
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Kind => "judge";

    /// <inheritdoc />
    public bool RequiresGroundTruth => false;

    /// <inheritdoc />
    public bool IsCpuBound => false;

    /// <inheritdoc />
    public async ValueTask<RewardResult> ScoreAsync(RewardItem item, CancellationToken cancellationToken)
    {
        var judgement = await judge.JudgeOneAsync(RewardSamples.Build(item, null), cancellationToken).ConfigureAwait(false);
        var criterion = judge.Criterion;
        var details = new JsonObject
        {
            ["judgement"] = new JsonObject
            {
                ["judge"] = judgement.Judge,
                ["criterion"] = judgement.Criterion,
                ["score"] = judgement.Score,
                ["min_score"] = criterion.MinScore,
                ["max_score"] = criterion.MaxScore,
                ["valid"] = judgement.IsValid,
                ["rationale"] = judgement.Rationale,
                ["expected_score"] = judgement.ExpectedScore,
            },
        };
        if (!judgement.IsValid || judgement.Score is not { } raw)
        {
            details["judgement"]!["raw"] = judgement.RawOutput;
            return new RewardResult { Reward = Name, Kind = Kind, Score = invalidScore, Outcome = VerdictOutcome.Invalid, Reason = judgement.Rationale, Details = details };
        }

        var score = (raw - criterion.MinScore) / (criterion.MaxScore - criterion.MinScore);
        return new RewardResult { Reward = Name, Kind = Kind, Score = score, Outcome = VerdictOutcome.Pass, Reason = judgement.Rationale, Details = details };
    }
}
