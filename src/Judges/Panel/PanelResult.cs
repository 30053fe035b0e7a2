using MidTrain.Core.Records;

namespace MidTrain.Judges.Panel;

/// <summary>What a <see cref="JudgePanel"/> returns for one sample: every judgement (in panel order) and the decision.</summary>
/// <param name="Judgements">The judgements, valid and invalid, in the order of the panel's judges.</param>
/// <param name="Decision">The decision.</param>
public sealed record PanelResult(IReadOnlyList<Judgement> Judgements, PanelDecision Decision);
