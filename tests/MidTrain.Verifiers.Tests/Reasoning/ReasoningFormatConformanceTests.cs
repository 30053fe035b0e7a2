using MidTrain.Core.Records;
using MidTrain.Testing.Conformance;
using MidTrain.Verifiers.Reasoning;

namespace MidTrain.Verifiers.Tests.Reasoning;

public sealed class ReasoningFormatConformanceTests : VerifierConformanceTests
{
    protected override MidTrain.Core.Contracts.IVerifier CreateVerifier() => new ReasoningFormatVerifier(new ReasoningFormatOptions());

    private static readonly Sample PassingSampleValue = Traces.Inline(Traces.GoodTrace, Traces.GoodAnswer);

    protected override Sample PassingSample => PassingSampleValue;

    private static readonly Sample FailingSampleValue = Traces.Sample("<think>never closed");

    protected override Sample FailingSample => FailingSampleValue;

    private static readonly Sample MalformedSampleValue = new() { Id = "q", Source = new SourceSpan("d", 0, 0, 1), Messages = [new Message(Message.User, "no answer")] };

    protected override Sample MalformedSample => MalformedSampleValue;
}
