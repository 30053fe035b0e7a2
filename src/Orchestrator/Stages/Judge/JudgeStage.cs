using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Failures;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Judges.Panel;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Judge;

/// <summary>
/// <c>judge: [criteria]</c>: a panel of rubric judges (one per criterion and judge model) scores each sample — or each
/// document or passage, judged as a sample whose source text it is (see <see cref="JudgedText"/>); the judgements are
/// appended to the sample, and the panel's decision accepts it, rejects it (naming the rejecting
/// criterion) or fails it (an invalid judgement with <c>on_invalid: fail</c>). The run writes the judgements as labels
/// to <c>judgements.jsonl</c> (see <see cref="Runs.JudgementLabels"/>). Thread-safe.
/// </summary>
public sealed class JudgeStage : Stage
{
    private readonly JudgePanel _panel;
    private long _accepted;
    private long _rejected;
    private long _invalid;

    /// <summary>Creates the stage.</summary>
    public JudgeStage(string name, int concurrency, int capacity, JudgePanel panel)
        : base(name, concurrency, capacity) => _panel = panel ?? throw new ArgumentNullException(nameof(panel));

    /// <inheritdoc />
    public override Type OutputType => typeof(Sample);

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(object item, IStageOutput output, CancellationToken cancellationToken)
    {
        var payload = JudgedText.ToSample(item);
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
