using MidTrain.Core.Records;

using MidTrain.Testing.Conformance;

namespace MidTrain.Verifiers.Tests.Plugins;

/// <summary>Conformance samples for the "answer contains expected" example verifiers (Python process and C# assembly).</summary>
public abstract class AnswerContainsConformance : VerifierConformanceTests
{
    protected override Sample PassingSample { get; } = MakeSample("p", "What is the capital of France?", "It is Paris.", new { expected = "paris" });

    protected override Sample FailingSample { get; } = MakeSample("f", "What is the capital of France?", "It is London.", new { expected = "Paris" });

    protected override Sample MalformedSample { get; } = MakeSample("m", "What is the capital of France?", "Paris", new { other = 1 });
}
