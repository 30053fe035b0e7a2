using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Failures;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Judges.Panel;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Judge;

/// <summary>
/// <c>judge: [criteria]</c>: a panel of rubric judges (one per criterion and judge model) scores each sample — or each
/// document or passage, judged as a sample whose source text it is (see <see cref="JudgedText"/>); the judgements are
/// appended to the sample, and the panel's decision accepts it, rejects it (naming the rejecting
/// criterion) or fails it (an invalid judgement with <c>on_invalid: fail</c>). The run writes the judgements as labels
/// to <c>judgements.jsonl</c> (see <see cref="Runs.JudgementLabels"/>). Judges see the answers without their reasoning
/// traces unless <c>judge_reasoning: true</c> (<see cref="SampleReasoning.ForJudge"/>); the sample goes on with its
/// traces as they were. Thread-safe.
/// </summary>
public sealed class JudgeStage : Stage
{
    private readonly JudgePanel _panel;
    private readonly bool _judgeReasoning;
    private readonly ReasoningTemplate _reasoningTemplate;
    private long _accepted;
    private long _rejected;
    private long _invalid;

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Items judged at once.</param>
    /// <param name="capacity">Input channel capacity.</param>
    /// <param name="panel">The judges.</param>
    /// <param name="judgeReasoning">Whether judges see the answers' reasoning traces (default false).</param>
    /// <param name="reasoningTemplate">How traces are shown, and the tags of inline traces (default <see cref="ReasoningTemplate.Default"/>).</param>
    public JudgeStage(string name, int concurrency, int capacity, JudgePanel panel, bool judgeReasoning = false, ReasoningTemplate? reasoningTemplate = null)
        : base(name, concurrency, capacity)
    {
        _panel = panel ?? throw new ArgumentNullException(nameof(panel));
        _judgeReasoning = judgeReasoning;
        _reasoningTemplate = reasoningTemplate ?? ReasoningTemplate.Default;
    }

    /// <inheritdoc />
    public override Type OutputType => typeof(Sample);

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object item, IStageOutput output, CancellationToken cancellationToken)
    {
        var payload = JudgedText.ToSample(item);
        var seen = SampleReasoning.ForJudge(payload, _judgeReasoning, _reasoningTemplate);
        var result = await _panel.EvaluateAsync(seen, cancellationToken).ConfigureAwait(false);
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
