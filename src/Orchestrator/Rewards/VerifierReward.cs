using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using MidTrain.Core.Verification;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// A reward computed by a verifier of <c>verify:</c> (created through its factory): <c>math</c> (the gold answer is
/// <c>ground_truth</c>; 1 when equivalent, 0 when not, <c>−format_penalty</c> when the solution has no extractable
/// answer), <c>citation</c> (the share of quotes supported by <c>extra_info.sources</c>, or by <c>ground_truth</c> when it
/// is the source text) and any other verifier (the fields are <c>extra_info</c>'s plus <c>ground_truth</c>; the score is
/// the verdict's, else 1 for pass and 0 for fail). An <c>invalid</c> verdict scores <c>invalid_score</c>. The result
/// carries the verdict as <c>verdict</c>. Thread-safe when the verifier is.
/// </summary>
internal sealed class VerifierReward : IReward
{
    private readonly IVerifier _verifier;
    private readonly Func<RewardItem, Sample> _sample;
    private readonly double _invalidScore;
    private readonly double? _formatPenalty;

    private VerifierReward(string name, string kind, IVerifier verifier, Func<RewardItem, Sample> sample, double invalidScore, double? formatPenalty, bool requiresGroundTruth, bool cpuBound)
    {
        Name = name;
        Kind = kind;
        _verifier = verifier;
        _sample = sample;
        _invalidScore = invalidScore;
        _formatPenalty = formatPenalty;
        RequiresGroundTruth = requiresGroundTruth;
        IsCpuBound = cpuBound;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Kind { get; }

    /// <inheritdoc />
    public bool RequiresGroundTruth { get; }

    /// <inheritdoc />
    public bool IsCpuBound { get; }

    /// <summary>The math reward: <c>ground_truth</c> becomes the verifier's gold field.</summary>
    public static VerifierReward Math(string name, IVerifier verifier, string goldField, double invalidScore, double formatPenalty) =>
        new(name, "math", verifier, item => RewardSamples.Build(item, new Dictionary<string, JsonElement>(1, StringComparer.Ordinal) { [goldField] = item.GroundTruth!.Value }),
            invalidScore, formatPenalty, requiresGroundTruth: true, cpuBound: true);

    /// <summary>The citation reward: sources from <c>extra_info</c> (<c>sources</c>, <c>source</c>), else <c>ground_truth</c> as the source text.</summary>
    public static VerifierReward Citation(string name, IVerifier verifier, double invalidScore) =>
        new(name, "citation", verifier, item =>
        {
            var fields = RewardSamples.ExtraFields(item, "passage", "question", "prompt", "language");
            if (!fields.ContainsKey("sources") && !fields.ContainsKey("source") && item.GroundTruth is { ValueKind: JsonValueKind.String } text)
            {
                fields["source"] = text;
            }

            return RewardSamples.Build(item, fields);
        }, invalidScore, formatPenalty: null, requiresGroundTruth: false, cpuBound: true);

    /// <summary>Any other verifier: the fields are <c>extra_info</c>'s plus <c>ground_truth</c>.</summary>
    public static VerifierReward Generic(string name, string kind, IVerifier verifier, double invalidScore) =>
        new(name, kind, verifier, item =>
        {
            var fields = RewardSamples.ExtraFields(item);
            if (item.GroundTruth is { } truth)
            {
                fields["ground_truth"] = truth;
            }

            return RewardSamples.Build(item, fields);
        }, invalidScore, formatPenalty: null, requiresGroundTruth: false, cpuBound: false);

    /// <inheritdoc />
    public async ValueTask<RewardResult> ScoreAsync(RewardItem item, CancellationToken cancellationToken)
    {
        var verdict = await _verifier.VerifyAsync(_sample(item), cancellationToken).ConfigureAwait(false);
        var details = new JsonObject { ["verdict"] = VerifierLines.VerdictJson(verdict) };
        double score;
        string? reason = verdict.Reason;
        switch (verdict.Outcome)
        {
            case VerdictOutcome.Pass:
                score = verdict.Score ?? 1;
                break;
            case VerdictOutcome.Fail:
                score = verdict.Score ?? 0;
                break;
            default:
                if (_formatPenalty is { } penalty && NoAnswerExtracted(verdict))
                {
                    score = -penalty;
                    details["format_penalty"] = penalty;
                    reason = "format: " + (reason ?? "no answer found in the solution");
                }
                else
                {
                    score = _invalidScore;
                }

                break;
        }

        return new RewardResult { Reward = Name, Kind = Kind, Score = score, Outcome = verdict.Outcome, Reason = reason, Details = details };
    }

    /// <summary>
    /// A math verdict whose gold answer was found but whose prediction had none (not one that ran out of its time or
    /// step bound while extracting: that is <c>invalid_score</c>, the solution may be fine).
    /// </summary>
    private static bool NoAnswerExtracted(Verdict verdict) =>
        verdict.Reason?.StartsWith("no answer found", StringComparison.Ordinal) == true
        && verdict.Details is { ValueKind: JsonValueKind.Object } details
        && details.TryGetProperty("gold_extracted", out var gold) && gold.ValueKind == JsonValueKind.String
        && (!details.TryGetProperty("prediction_extracted", out var prediction) || prediction.ValueKind == JsonValueKind.Null);
}
