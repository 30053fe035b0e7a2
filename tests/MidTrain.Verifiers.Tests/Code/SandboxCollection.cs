namespace MidTrain.Verifiers.Tests.Code;

/// <summary>Sandbox-heavy test classes run one after another, so their timing bounds hold on 2 cores.</summary>
[CollectionDefinition(SandboxTestKit.Collection)]
public sealed class SandboxCollection
{
}
