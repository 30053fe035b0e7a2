using MidTrain.Core.Records;
using MidTrain.Testing.Conformance;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Verifiers.Tests.Reasoning;

public sealed class ReasoningRepetitionConformanceTests : VerifierConformanceTests
{
    protected override MidTrain.Core.Contracts.IVerifier CreateVerifier() => new ReasoningRepetitionVerifier(new ReasoningRepetitionOptions());

    private static readonly Sample PassingSampleValue = Traces.Sample(Traces.GoodAnswer, Traces.GoodTrace);

    protected override Sample PassingSample => PassingSampleValue;

    private static readonly Sample FailingSampleValue = Traces.Sample(Traces.GoodAnswer, Traces.LoopingTrace);

    protected override Sample FailingSample => FailingSampleValue;

    private static readonly Sample MalformedSampleValue = Traces.Sample(Traces.GoodAnswer);

    protected override Sample MalformedSample => MalformedSampleValue;
}
