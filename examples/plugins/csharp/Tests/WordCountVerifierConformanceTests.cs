using ExampleVerifiers;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using MidTrain.Testing.Conformance;

namespace ExampleVerifiers.Tests;

/// <summary>The example plug-in against the verifier contract, with the settings a pipeline would give it.</summary>
public sealed class WordCountVerifierConformanceTests : VerifierConformanceTests
{
    protected override IVerifier CreateVerifier() =>
        new WordCountVerifier(new Dictionary<string, string> { ["min_words"] = "3", ["max_words"] = "10" });

    protected override Sample PassingSample { get; } = MakeSample("p", "Say something.", "three little words");

    protected override Sample FailingSample { get; } = MakeSample("f", "Say something.", "no");

    protected override Sample MalformedSample { get; } = new()
    {
        Id = "m",
        Source = new SourceSpan("d", 0, 0, 0),
        Messages = [new Message(Message.User, "a question and no answer")],
    };
}
