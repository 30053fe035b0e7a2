using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Code;
using MidTrain.Verifiers.Tests.Code;

using MidTrain.Testing.Conformance;

namespace MidTrain.Verifiers.Tests.Plugins;

/// <summary>The sandboxed code verifier against the verifier contract (skipped where bubblewrap is missing).</summary>
[Collection(SandboxTestKit.Collection)]
public sealed class CodeVerifierConformanceTests : VerifierConformanceTests
{
    protected override IVerifier CreateVerifier() => new CodeVerifier(SandboxTestKit.Create());

    protected override Sample PassingSample { get; } = MakeSample(
        "p", "Write add(a, b).", "Sure:\n```python\ndef add(a, b):\n    return a + b\n```", new { tests = new[] { "assert add(2, 3) == 5" } });

    protected override Sample FailingSample { get; } = MakeSample(
        "f", "Write add(a, b).", "```python\ndef add(a, b):\n    return a * b\n```", new { tests = new[] { "assert add(2, 3) == 5" } });

    protected override Sample MalformedSample { get; } = MakeSample("m", "Write add(a, b).", "def add(a, b): return a + b", new { language = "brainfuck", tests = new[] { "x" } });
}
