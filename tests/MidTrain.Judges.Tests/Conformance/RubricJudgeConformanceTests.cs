using MidTrain.Core.Contracts;
using MidTrain.Judges.Rubric;

using MidTrain.Testing.Conformance;

namespace MidTrain.Judges.Tests.Conformance;

public sealed class RubricJudgeConformanceTests : JudgeConformanceTests
{
    protected override IJudge CreateJudge() =>
        new RubricJudge(ScoreByQuestion.Client(), RubricCriterion.Load("self_contained"), new RubricJudgeOptions { MaxAttempts = 2 });
}
