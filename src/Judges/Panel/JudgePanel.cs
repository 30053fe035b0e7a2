using MidTrain.Core.Configuration;
using System.Globalization;
using Microsoft.Extensions.AI;
using MidTrain.Core.Contracts;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Judges.Rubric;

namespace MidTrain.Judges.Panel;

/// <summary>
/// Several judges — several criteria and/or several judge models — on one sample, and the decision their judgements
/// lead to under <see cref="JudgePanelOptions"/>. When several judge models score the same criterion, the criterion's
/// score is the mean of their scores (<c>all</c>, <c>mean</c>, <c>weighted</c>) while <c>majority</c> counts every
/// judgement as one vote. An invalid judgement is never counted as a low score: it decides the outcome on its own
/// (rejected or failed, per <see cref="JudgePanelOptions.OnInvalid"/>), naming the criterion and the judge.
/// Judges run concurrently; judgements are returned in panel order. Thread-safe when its judges are.
/// </summary>
public sealed class JudgePanel : IJudge
{
    private readonly IReadOnlyList<IJudge> _judges;
    private readonly PanelAggregation _aggregate;
    private readonly double _minScore;
    private readonly Dictionary<string, double> _thresholds;
    private readonly Dictionary<string, double> _weights;
    private readonly InvalidJudgementPolicy _onInvalid;

    /// <summary>Creates a panel of <paramref name="judges"/> (at least one).</summary>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> do not fit the judges' criteria.</exception>
    public JudgePanel(IEnumerable<IJudge> judges, JudgePanelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(judges);
        _judges = judges.ToArray();
        if (_judges.Count == 0)
        {
            throw new OptionsValidationException("judge", "a judge stage needs at least one criterion");
        }

        Criteria = _judges.SelectMany(j => j.Criteria).ToArray();
        DistinctCriteria = Criteria.Distinct(StringComparer.Ordinal).ToArray();
        options ??= new JudgePanelOptions();
        options.Validate(DistinctCriteria);
        _aggregate = options.Aggregate;
        _minScore = options.MinScore;
        _thresholds = new Dictionary<string, double>(options.Thresholds ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        _weights = new Dictionary<string, double>(options.Weights ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        _onInvalid = options.OnInvalid;
    }

    /// <summary>
    /// Builds the panel of a pipeline <c>judge:</c> stage: one <see cref="RubricJudge"/> per criterion and judge model
    /// (criterion-major: every model's judgement of the first criterion, then of the second…). Each judge gets a copy of
    /// <paramref name="judgeOptions"/> with <see cref="RubricJudgeOptions.JudgeName"/> set to the model's name.
    /// </summary>
    /// <param name="criteria">Built-in criterion names or paths of <c>.yaml</c> prompt files (YAML: the value of <c>judge:</c>).</param>
    /// <param name="models">The judge models by configured name (YAML <c>model</c>, or several), in order.</param>
    /// <param name="judgeOptions">Sampling and retry options shared by every judge (temperature, seed, max_attempts, top_logprobs).</param>
    /// <param name="panelOptions">Aggregation options.</param>
    /// <param name="promptBaseDirectory">The folder relative prompt paths are resolved against (the pipeline file's folder), or null.</param>
    /// <param name="promptTransform">Applied to each criterion's prompt after loading (e.g. a field-length cap), or null.</param>
    /// <exception cref="PromptException">A criterion is unknown or its prompt file is invalid.</exception>
    /// <exception cref="OptionsValidationException">An option is invalid; its <see cref="OptionsValidationException.Key"/> names the YAML key.</exception>
    public static JudgePanel Create(
        IEnumerable<string> criteria,
        IEnumerable<KeyValuePair<string, IChatClient>> models,
        RubricJudgeOptions? judgeOptions = null,
        JudgePanelOptions? panelOptions = null,
        string? promptBaseDirectory = null,
        Func<PromptTemplate, PromptTemplate>? promptTransform = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(models);
        var names = criteria.ToArray();
        if (names.Length == 0)
        {
            throw new OptionsValidationException("judge", $"list at least one criterion (built-in: {string.Join(", ", RubricCriterion.BuiltIn)})");
        }

        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new OptionsValidationException("judge", $"criterion '{duplicate.Key}' is listed twice");
        }

        var clients = models.ToArray();
        if (clients.Length == 0)
        {
            throw new OptionsValidationException("model", "a judge stage needs a judge model");
        }

        judgeOptions ??= new RubricJudgeOptions();
        var loaded = names.Select(n => RubricCriterion.Load(n, promptBaseDirectory))
            .Select(c => promptTransform is null ? c : RubricCriterion.FromPrompt(promptTransform(c.Prompt)))
            .ToArray();
        var judges = new List<IJudge>(loaded.Length * clients.Length);
        foreach (var criterion in loaded)
        {
            foreach (var (name, client) in clients)
            {
                judges.Add(new RubricJudge(client, criterion, new RubricJudgeOptions
                {
                    JudgeName = name,
                    Temperature = judgeOptions.Temperature,
                    Seed = judgeOptions.Seed,
                    MaxAttempts = judgeOptions.MaxAttempts,
                    TopLogprobs = judgeOptions.TopLogprobs,
                }));
            }
        }

        return new JudgePanel(judges, panelOptions);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Criteria { get; }

    /// <summary>The panel's judges, in order (e.g. to record each <see cref="RubricJudge"/>'s prompt id and SHA-256 in lineage and the manifest).</summary>
    public IReadOnlyList<IJudge> Judges => _judges;

    /// <summary>The panel's criteria, each once, in panel order.</summary>
    public IReadOnlyList<string> DistinctCriteria { get; }

    /// <summary>The threshold of <paramref name="criterion"/> (its own, else <c>min_score</c>).</summary>
    public double ThresholdOf(string criterion) => _thresholds.TryGetValue(criterion, out var t) ? t : _minScore;

    /// <summary>The weight of <paramref name="criterion"/> under <c>weighted</c> (its own, else 1).</summary>
    public double WeightOf(string criterion) => _weights.TryGetValue(criterion, out var w) ? w : 1.0;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Judgement>> JudgeAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        var tasks = new Task<IReadOnlyList<Judgement>>[_judges.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = _judges[i].JudgeAsync(sample, cancellationToken).AsTask();
        }

        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return results.SelectMany(r => r).ToArray();
    }

    /// <summary>Judges <paramref name="sample"/> with every judge and decides.</summary>
    public async ValueTask<PanelResult> EvaluateAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        var judgements = await JudgeAsync(sample, cancellationToken).ConfigureAwait(false);
        return new PanelResult(judgements, Decide(judgements));
    }

    /// <summary>The decision <paramref name="judgements"/> lead to. Pure: the same judgements always give the same decision.</summary>
    public PanelDecision Decide(IReadOnlyList<Judgement> judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        if (judgements.FirstOrDefault(j => !j.IsValid || j.Score is null) is { } invalid)
        {
            return new PanelDecision
            {
                Outcome = _onInvalid == InvalidJudgementPolicy.Reject ? PanelOutcome.Rejected : PanelOutcome.Failed,
                Aggregate = _aggregate,
                Criterion = invalid.Criterion,
                Judge = invalid.Judge,
                Invalid = true,
                Reason = $"invalid judgement of {invalid.Criterion} by {invalid.Judge}: {invalid.Rationale ?? "no score"}",
            };
        }

        if (judgements.Count == 0)
        {
            return new PanelDecision
            {
                Outcome = _onInvalid == InvalidJudgementPolicy.Reject ? PanelOutcome.Rejected : PanelOutcome.Failed,
                Aggregate = _aggregate,
                Invalid = true,
                Reason = "the panel's judges returned no judgement",
            };
        }

        var scores = judgements.GroupBy(j => j.Criterion, StringComparer.Ordinal)
            .Select(g => (Criterion: g.Key, Score: g.Average(j => j.Score!.Value)))
            .ToArray();
        return _aggregate switch
        {
            PanelAggregation.All => DecideAll(scores),
            PanelAggregation.Mean => DecideMean(scores),
            PanelAggregation.Weighted => DecideWeighted(scores),
            _ => DecideMajority(judgements),
        };
    }

    private PanelDecision DecideAll((string Criterion, double Score)[] scores)
    {
        var failing = scores.Where(s => s.Score < ThresholdOf(s.Criterion)).ToArray();
        var lowest = scores.Min(s => s.Score);
        if (failing.Length == 0)
        {
            return Accept(lowest, $"every criterion reached its threshold (lowest score {F(lowest)})");
        }

        var first = failing[0];
        var reason = $"{first.Criterion} scored {F(first.Score)}, below its threshold {F(ThresholdOf(first.Criterion))}";
        if (failing.Length > 1)
        {
            reason += "; also below: " + string.Join(", ", failing.Skip(1).Select(f => $"{f.Criterion} {F(f.Score)} < {F(ThresholdOf(f.Criterion))}"));
        }

        return Reject(first.Criterion, lowest, reason);
    }

    private PanelDecision DecideMean((string Criterion, double Score)[] scores)
    {
        var mean = scores.Average(s => s.Score);
        var lowest = scores.MinBy(s => s.Score);
        return mean >= _minScore
            ? Accept(mean, $"mean score {F(mean)} reached min_score {F(_minScore)}")
            : Reject(lowest.Criterion, mean, $"mean score {F(mean)} is below min_score {F(_minScore)} (lowest: {lowest.Criterion} {F(lowest.Score)})");
    }

    private PanelDecision DecideWeighted((string Criterion, double Score)[] scores)
    {
        var totalWeight = scores.Sum(s => WeightOf(s.Criterion));
        var mean = scores.Sum(s => WeightOf(s.Criterion) * s.Score) / totalWeight;
        if (mean >= _minScore)
        {
            return Accept(mean, $"weighted mean score {F(mean)} reached min_score {F(_minScore)}");
        }

        // The criterion that pulls the mean down most: largest weight × shortfall below the pass mark.
        var worst = scores.MaxBy(s => WeightOf(s.Criterion) * (_minScore - s.Score));
        return Reject(worst.Criterion, mean,
            $"weighted mean score {F(mean)} is below min_score {F(_minScore)} (largest shortfall: {worst.Criterion} {F(worst.Score)}, weight {F(WeightOf(worst.Criterion))})");
    }

    private PanelDecision DecideMajority(IReadOnlyList<Judgement> judgements)
    {
        var passing = judgements.Count(j => j.Score!.Value >= ThresholdOf(j.Criterion));
        var fraction = (double)passing / judgements.Count;
        if (2 * passing > judgements.Count)
        {
            return Accept(fraction, $"{passing} of {judgements.Count} judgements reached their threshold");
        }

        var mostFailed = judgements.Where(j => j.Score!.Value < ThresholdOf(j.Criterion))
            .GroupBy(j => j.Criterion, StringComparer.Ordinal)
            .MaxBy(g => g.Count())!;
        return Reject(mostFailed.Key, fraction,
            $"only {passing} of {judgements.Count} judgements reached their threshold, not a majority (most failures: {mostFailed.Key}, {mostFailed.Count()})");
    }

    private PanelDecision Accept(double score, string reason) => new()
    {
        Outcome = PanelOutcome.Accepted,
        Aggregate = _aggregate,
        Reason = reason,
        Score = score,
    };

    private PanelDecision Reject(string criterion, double score, string reason) => new()
    {
        Outcome = PanelOutcome.Rejected,
        Aggregate = _aggregate,
        Criterion = criterion,
        Reason = reason,
        Score = score,
    };

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
