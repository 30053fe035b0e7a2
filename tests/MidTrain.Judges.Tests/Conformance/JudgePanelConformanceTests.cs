using Microsoft.Extensions.AI;
using MidTrain.Core.Contracts;
using MidTrain.Judges.Panel;
using MidTrain.Judges.Rubric;

using MidTrain.Testing.Conformance;

namespace MidTrain.Judges.Tests.Conformance;

public sealed class JudgePanelConformanceTests : JudgeConformanceTests
{
    protected override IJudge CreateJudge() => JudgePanel.Create(
        ["answerable", "self_contained", "humpback_quality"],
        [new KeyValuePair<string, IChatClient>("a", ScoreByQuestion.Client()), new KeyValuePair<string, IChatClient>("b", ScoreByQuestion.Client())],
        new RubricJudgeOptions { MaxAttempts = 2 },
        new JudgePanelOptions { Aggregate = PanelAggregation.Majority });
}
