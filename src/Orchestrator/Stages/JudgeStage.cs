using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Failures;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Judges;
using MidTrain.Judges.Panel;
using MidTrain.Judges.Rubric;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// <c>judge: [criteria]</c>: a panel of rubric judges (one per criterion and judge model) scores each sample; the
/// judgements are appended to the sample, and the panel's decision accepts it, rejects it (naming the rejecting
/// criterion) or fails it (an invalid judgement with <c>on_invalid: fail</c>). The run writes the judgements as labels
/// to <c>judgements.jsonl</c> (see <see cref="Runs.JudgementLabels"/>). Thread-safe.
/// </summary>
public sealed class JudgeStage : Stage<Sample, Sample>, IUsesPrompts
{
    private readonly JudgePanel _panel;
    private long _accepted;
    private long _rejected;
    private long _invalid;

    private JudgeStage(StageOptions options, JudgePanel panel)
        : base(options.Name, options.Concurrency, options.Capacity) => _panel = panel;

    /// <inheritdoc />
    public IReadOnlyList<PromptTemplate> Prompts => _panel.Judges.OfType<RubricJudge>().Select(j => j.Criterion.Prompt).DistinctBy(p => p.Sha256).ToArray();

    /// <summary>Builds the stage from its spec.</summary>
    public static JudgeStage Create(StageSpec spec, StageBuildContext context)
    {
        var o = spec.Options;
        var models = context.Models ?? throw o.Error("model", "this run has no model registry");
        var modelNames = o.GetStringList("models") ?? (o.GetString("model") is { } single ? [single] : throw o.Error("model", "is required: the name of a judge model under models: (or models: [a, b])"));
        var clients = modelNames.Select(name => KeyValuePair.Create(name, models.Get(name, o, o.Has("models") ? "models" : "model").Client)).ToArray();
        var stageOptions = StageOptions.Read(spec, defaultConcurrency: 8);
        // Defaults live in the option classes only; the stage just reads overrides.
        var judgeOptions = new RubricJudgeOptions { Seed = context.Seed };
        judgeOptions.Temperature = o.Has("temperature") ? o.GetDouble("temperature", 0, 0, 2) : judgeOptions.Temperature;
        judgeOptions.MaxAttempts = o.GetInt("max_attempts", judgeOptions.MaxAttempts, 1, 10);
        judgeOptions.TopLogprobs = o.GetInt("top_logprobs", judgeOptions.TopLogprobs, 0, 20);
        var defaults = new JudgePanelOptions();
        JudgePanel panel;
        try
        {
            var panelOptions = new JudgePanelOptions
            {
                Aggregate = JudgePanelOptions.ParseAggregate(o.GetChoice("aggregate", "all", [.. JudgePanelOptions.AggregateNames])),
                MinScore = o.GetDouble("min_score", defaults.MinScore),
                Thresholds = Numbers(o, "thresholds"),
                Weights = Numbers(o, "weights"),
                OnInvalid = JudgePanelOptions.ParseOnInvalid(o.GetChoice("on_invalid", "reject", [.. JudgePanelOptions.OnInvalidNames])),
            };
            var cap = o.Has("max_field_chars") ? o.GetInt("max_field_chars", 0, 1, 1_000_000) : (int?)null;
            panel = JudgePanel.Create(spec.ValueList, clients, judgeOptions, panelOptions, context.Config.BaseDirectory,
                cap is { } chars ? p => p.WithMaxFieldChars(chars) : null);
        }
        catch (JudgeConfigurationException ex)
        {
            throw o.Error(ex.Key is "judge" ? spec.Kind : o.Has(ex.Key) ? ex.Key : null, ex.Message);
        }
        catch (PromptException ex)
        {
            throw o.Error(spec.Kind, ex.Message);
        }

        o.EnsureAllUsed();
        return new JudgeStage(stageOptions, panel);
    }

    private static Dictionary<string, double> Numbers(ConfigMap o, string key)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (o.GetMap(key) is { } map)
        {
            foreach (var name in map.Keys.ToArray())
            {
                result[name] = map.GetDouble(name, 0);
            }
        }

        return result;
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Sample payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var result = await _panel.EvaluateAsync(payload, cancellationToken).ConfigureAwait(false);
        var judged = payload.WithJudgements(result.Judgements);
        if (result.Judgements.Any(j => !j.IsValid))
        {
            Interlocked.Increment(ref _invalid);
        }

        switch (result.Decision.Outcome)
        {
            case PanelOutcome.Accepted:
                Interlocked.Increment(ref _accepted);
                await output.EmitAsync(judged, cancellationToken).ConfigureAwait(false);
                break;
            case PanelOutcome.Rejected:
                Interlocked.Increment(ref _rejected);
                await output.RejectAsync(judged, new Rejection
                {
                    Stage = Name,
                    By = result.Decision.Criterion,
                    Reason = result.Decision.Reason,
                    Evidence = JsonSerializer.SerializeToElement(result.Decision, JsonDefaults.Options),
                }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ItemFailureException("invalid_judgement", result.Decision.Reason, result.Judgements.FirstOrDefault(j => !j.IsValid)?.RawOutput);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report() => new()
    {
        ["criteria"] = new JsonArray(_panel.DistinctCriteria.Select(c => (JsonNode)c).ToArray()),
        ["accepted"] = Interlocked.Read(ref _accepted),
        ["rejected"] = Interlocked.Read(ref _rejected),
        ["with_invalid_judgement"] = Interlocked.Read(ref _invalid),
    };
}
